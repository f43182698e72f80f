using Siphon.Builder.Editing;
using Siphon.Components;
using Siphon.Jobs;
using Siphon.Templates;

namespace Siphon.Builder.Tests.Editing;

/// <summary>
/// The forms restate nothing of the engine's specs: every field a form shows is a registry field, and every default,
/// bound, choice and step variable it shows is the registry's. Checked in both directions: a form field, default or
/// choice the registry lacks fails here, and so does a registry default the form does not show.
/// </summary>
public sealed class FormsFromRegistryTests
{
    public static TheoryData<string, ComponentForm> Forms => new()
    {
        { "PollingPolicy", ComponentForms.PollingPolicy },
        { "IncrementalSync", ComponentForms.IncrementalSync },
        { "Partitioning", ComponentForms.Partitioning },
        { "Paginator", ComponentForms.Paginator },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Form_EveryField_IsARegistryFieldOfEveryTypeThatCanHoldIt(string name, ComponentForm form)
    {
        Assert.True(ComponentRegistry.Default.TryGet(form.Type, out _), $"{name}: the registry has no {form.Type}");
        foreach (var field in form.Fields)
        {
            var specs = form.Specs(field);
            Assert.NotEmpty(specs);
            var leaf = field.Kind == FormFieldKind.Choice ? field.Path[^2] : field.Path[^1];
            Assert.All(specs, spec => Assert.Equal(leaf, spec.Name));
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Form_EveryChoice_IsOneTheRegistryHas(string name, ComponentForm form)
    {
        foreach (var field in form.Fields.Where(f => f.Kind == FormFieldKind.Choice))
        {
            var kind = form.Spec(field).Kind;
            Assert.NotNull(kind);
            foreach (var option in field.Options)
                Assert.True(ComponentRegistry.Default.TryGet(option, out var spec) && spec.Kind == kind,
                    $"{name}.{field.Label}: '{option}' is no registered {kind}");
        }
        foreach (var field in form.Fields.Where(f => f.Kind == FormFieldKind.InjectInto))
            Assert.Equal(form.Spec(field).AllowedValues, ComponentForm.InjectIntoOptions.Where(o => o.Length > 0));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Form_EveryDefaultItShows_IsTheRegistrysAndEveryRegistryDefaultIsShown(string name, ComponentForm form)
    {
        foreach (var field in form.Fields)
        {
            var spec = form.Spec(field);
            var hint = form.Hint(field);
            // The form's own wording never says what an empty field means: only the registry's default does.
            Assert.DoesNotContain("when empty", field.Hint ?? "", StringComparison.Ordinal);
            if (field.Kind == FormFieldKind.Flag)
            {
                // An unticked box writes nothing, which must mean false.
                Assert.Equal(false, spec.Default);
                continue;
            }
            if (spec.Default is null)
            {
                Assert.DoesNotContain("when empty", hint, StringComparison.Ordinal);
                continue;
            }
            var text = RegistryFields.Text(spec.Default);
            Assert.True(field.Placeholder is null, $"{name}.{field.Label}: an example stands where the registry's default {text} belongs");
            Assert.Equal(text, form.Placeholder(field));
            Assert.Contains($"{text} when empty", hint, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Form_EveryBoundItShows_IsTheRegistrys(string name, ComponentForm form)
    {
        foreach (var field in form.Fields)
        {
            var spec = form.Spec(field);
            var hint = form.Hint(field);
            if (spec.Min is { } min) Assert.Contains(RegistryFields.Text(min), hint, StringComparison.Ordinal);
            if (spec.Max is { } max) Assert.Contains($"at most {RegistryFields.Text(max)}", hint, StringComparison.Ordinal);
            if (spec.Min is null && spec.Max is null)
                Assert.True(!hint.Contains("at least", StringComparison.Ordinal) && !hint.Contains("at most", StringComparison.Ordinal), $"{name}.{field.Label}: {hint}");
        }
    }

    [Fact]
    public void Hint_ARegistryDefaultOrBoundChanged_TheHintFollows()
    {
        var spec = RegistryFields.Spec("AsyncPollingPolicy", "initial_interval");

        Assert.Contains("PT1S when empty", RegistryFields.Hint(spec, null), StringComparison.Ordinal);
        Assert.Contains("PT5S when empty", RegistryFields.Hint(spec with { Default = "PT5S" }, null), StringComparison.Ordinal);
        Assert.DoesNotContain("when empty", RegistryFields.Hint(spec with { Default = null }, null), StringComparison.Ordinal);
        Assert.EndsWith("at least 2; at most 9", RegistryFields.Hint(spec with { Min = 2, Max = 9 }, null), StringComparison.Ordinal);
    }

    [Fact]
    public void PollingJobTimeoutHint_SaysTheRegistrysDefaultAndBound()
    {
        var spec = RegistryFields.Spec("AsyncRetriever", "polling_job_timeout");

        Assert.Equal($"Minutes; {spec.Default} when empty; above {spec.Min}", StreamModel.PollingJobTimeoutHint);
        Assert.Equal("Minutes; 60 when empty; above 0", StreamModel.PollingJobTimeoutHint);
    }

    [Fact]
    public void Methods_AreTheRequesterSpecs_AndAnAbsentMethodShowsWhatTheEngineSends()
    {
        var spec = RegistryFields.Spec("HttpRequester", "http_method");

        Assert.Equal(spec.AllowedValues, StreamModel.Methods);
        Assert.Equal(spec.Default, StreamModel.Method(ManifestYaml.NewObject(("type", "HttpRequester"))));
    }

    [Fact]
    public void Statuses_AreTheEngineStatusMapFields_OnePerJobStatus()
    {
        Assert.Equal(["running", "completed", "failed", "timeout", "skipped"], StreamModel.Statuses);
        Assert.Equal(AsyncJobStatusMap.Spec.Fields.Select(f => f.Name), StreamModel.Statuses);
        Assert.Equal(Enum.GetValues<JobStatus>().Length, StreamModel.Statuses.Count);
        Assert.Equal("Completed", RegistryFields.Label("completed"));
    }

    [Theory]
    [InlineData(TemplateStep.Request, "next_page_token")]
    [InlineData(TemplateStep.Creation)]
    [InlineData(TemplateStep.Polling, "creation_response")]
    [InlineData(TemplateStep.DownloadTarget, "creation_response", "polling_response")]
    [InlineData(TemplateStep.Download, "creation_response", "polling_response", "download_target", "next_page_token")]
    [InlineData(TemplateStep.AbortOrDelete, "creation_response", "polling_response")]
    [InlineData(TemplateStep.Pagination, "response", "headers", "last_record", "last_page_size", "last_page_token_value")]
    [InlineData(TemplateStep.Record, "record", "next_page_token")]
    public void Variables_EachStep_AreEveryStepsPlusWhatTheEngineSpecGivesItsField(TemplateStep step, params string[] added)
    {
        var (type, field) = TemplateCheck.StepField(step);

        Assert.Equal([.. TemplateVariables.EveryStep, .. added], TemplateCheck.Variables(step));
        Assert.Equal(added.Order(StringComparer.Ordinal), RegistryFields.Spec(type, field).TemplateVariables.Except(TemplateVariables.EveryStep).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Variables_AbortOrDelete_OneStepBecauseTheEngineGivesBothRequestersTheSame() =>
        Assert.Equal(RegistryFields.Spec("AsyncRetriever", "abort_requester").TemplateVariables, RegistryFields.Spec("AsyncRetriever", "delete_requester").TemplateVariables);
}
