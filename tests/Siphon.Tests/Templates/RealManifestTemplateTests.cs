using Siphon.Templates;
using YamlDotNet.RepresentationModel;

namespace Siphon.Tests.Templates;

/// <summary>Every template in the real connector manifests (read in place from the shared folder, never copied) must compile.</summary>
public sealed class RealManifestTemplateTests
{
    [RealManifestsFact]
    public void Compile_EveryTemplateInRealManifests_Succeeds()
    {
        var failures = new List<string>();
        var compiled = 0;
        foreach (var file in SharedTestData.RealManifests.ManifestFiles())
        {
            foreach (var (text, line) in TemplatesIn(file))
            {
                try
                {
                    Template.Compile(text, $"{Path.GetFileName(Path.GetDirectoryName(file))} line {line}");
                    compiled++;
                }
                catch (TemplateSyntaxException e)
                {
                    failures.Add($"{file}:{line}: {e.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(compiled >= 900, $"only {compiled} templates found: is the manifest folder complete?");
    }

    /// <summary>
    /// Evaluating every real template against a plausible scope either works or fails with one of our messages
    /// (a missing variable, a legacy <c>.json()</c> call...), never with an internal exception.
    /// </summary>
    [RealManifestsFact]
    public void Evaluate_EveryTemplateInRealManifests_WorksOrFailsCleanly()
    {
        var internalErrors = new List<string>();
        var evaluated = 0;
        foreach (var file in SharedTestData.RealManifests.ManifestFiles())
        {
            foreach (var (text, line) in TemplatesIn(file))
            {
                var template = Template.Compile(text);
                try
                {
                    template.Evaluate(PlausibleScope());
                    template.EvaluateCondition(PlausibleScope());
                    evaluated++;
                }
                catch (TemplateEvaluationException e) when (!e.Message.StartsWith("evaluation failed:", StringComparison.Ordinal))
                {
                    // Data-dependent failures (a key this scope lacks) are fine; only internal errors are not.
                }
                catch (Exception e)
                {
                    internalErrors.Add($"{file}:{line}: {e}");
                }
            }
        }
        Assert.True(internalErrors.Count == 0, string.Join(Environment.NewLine, internalErrors));
        Assert.True(evaluated > 600, $"only {evaluated} templates evaluated without error");
    }

    private static TemplateScope PlausibleScope()
    {
        var slice = new Dictionary<string, object?>
        {
            ["start_time"] = "2024-01-01T00:00:00Z", ["end_time"] = "2024-01-31T00:00:00Z", ["profileId"] = 42L, ["account_id"] = 7L,
            ["parent_slice"] = new Dictionary<string, object?> { ["id"] = 1L },
            ["extra_fields"] = new Dictionary<string, object?> { ["timezone"] = "America/Los_Angeles", ["url"] = "https://x/y" },
            ["cursor_slice"] = new Dictionary<string, object?> { ["start_time"] = "2024-01-01T00:00:00Z", ["end_time"] = "2024-01-31T00:00:00Z" },
        };
        var variables = new Dictionary<string, object?>
        {
            ["config"] = new Dictionary<string, object?> { ["start_date"] = "2024-01-01T00:00:00Z", ["region"] = "NA", ["account_names"] = new List<object?>() },
            ["parameters"] = new Dictionary<string, object?> { ["name"] = "stream" },
            ["stream_slice"] = slice,
            ["record"] = new Dictionary<string, object?> { ["TimePeriod"] = "2024-01-02|5", ["id"] = 1L },
            ["response"] = new Dictionary<string, object?> { ["details"] = "", ["message"] = "" },
            ["headers"] = new Dictionary<string, object?>(),
            ["next_page_token"] = null,
            ["creation_response"] = new Dictionary<string, object?> { ["id"] = "job-1" },
            ["polling_response"] = new Dictionary<string, object?> { ["status"] = "done" },
            ["download_target"] = "https://x/file",
            ["last_record"] = null,
            ["last_page_size"] = 0L,
        };
        return new TemplateScope(variables, new FixedTime(TemplateFixture.Now));
    }

    [RealManifestsFact]
    public void Compile_RealManifests_FindsTemplatesInEachOfThem()
    {
        var files = SharedTestData.RealManifests.ManifestFiles().ToList();
        Assert.Equal(6, files.Count);
        Assert.All(files, file => Assert.NotEmpty(TemplatesIn(file)));
    }

    /// <summary>Every scalar containing <c>{{</c> or <c>{%</c>, keys included, with its 1-based line.</summary>
    private static List<(string Text, long Line)> TemplatesIn(string file)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(file)) yaml.Load(reader);
        var found = new List<(string, long)>();
        void Visit(YamlNode node)
        {
            switch (node)
            {
                case YamlScalarNode { Value: { } value } scalar when value.Contains("{{", StringComparison.Ordinal) || value.Contains("{%", StringComparison.Ordinal):
                    found.Add((value, scalar.Start.Line));
                    break;
                case YamlMappingNode map:
                    foreach (var (key, child) in map.Children) { Visit(key); Visit(child); }
                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children) Visit(child);
                    break;
            }
        }
        foreach (var document in yaml.Documents) Visit(document.RootNode);
        return found;
    }
}
