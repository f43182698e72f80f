using Siphon.Templates;

namespace Siphon.Builder.Editing;

/// <summary>An expression a template field offers, and what it stands for (for an input: its current testing value).</summary>
public sealed record TemplateSuggestion(string Expression, string Hint);

/// <summary>The step a template field belongs to, which decides the variables it sees.</summary>
public enum TemplateStep { Request, Creation, Polling, DownloadTarget, Download, AbortOrDelete, Record, Pagination }

/// <summary>Validates a template field as the author types, with the engine's compiler, and lists what it may use.</summary>
public static class TemplateCheck
{
    /// <summary>
    /// The registry field whose templates a step holds. The engine's spec says what that field sees besides every step's
    /// variables (the polling requester adds creation_response), so the builder keeps no list of its own.
    /// </summary>
    public static (string Type, string Field) StepField(TemplateStep step) => step switch
    {
        TemplateStep.Request => ("SimpleRetriever", "requester"),
        TemplateStep.Creation => ("AsyncRetriever", "creation_requester"),
        TemplateStep.Polling => ("AsyncRetriever", "polling_requester"),
        TemplateStep.DownloadTarget => ("AsyncRetriever", "download_target_requester"),
        TemplateStep.Download => ("AsyncRetriever", "download_requester"),
        TemplateStep.AbortOrDelete => ("AsyncRetriever", "abort_requester"),
        TemplateStep.Pagination => ("CursorPagination", "cursor_value"),
        _ => ("RecordFilter", "condition"),
    };

    public static IReadOnlyList<string> Variables(TemplateStep step)
    {
        var (type, field) = StepField(step);
        return [.. TemplateVariables.EveryStep.Union(RegistryFields.Spec(type, field).TemplateVariables, StringComparer.Ordinal)];
    }

    /// <summary>The mask shown instead of a secret input's testing value: the value never reaches the page.</summary>
    public const string SecretMask = "••••••";

    /// <summary>
    /// Ready-to-use expressions for a field: the step's job variables and every user input, each input with its current
    /// testing value beside it (a secret shows <see cref="SecretMask"/>, never the value).
    /// </summary>
    public static IReadOnlyList<TemplateSuggestion> Suggestions(TemplateStep step, IEnumerable<SpecInput> inputs, IReadOnlyDictionary<string, object?> testingValues)
    {
        var list = new List<TemplateSuggestion>();
        var variables = Variables(step);
        if (variables.Contains("download_target")) list.Add(new("{{ download_target }}", "the URL (or id) the download target extractor found"));
        if (variables.Contains("creation_response")) list.Add(new("{{ creation_response['id'] }}", "the creation response"));
        if (variables.Contains("polling_response")) list.Add(new("{{ polling_response['id'] }}", "the last polling response"));
        if (variables.Contains("next_page_token")) list.Add(new("{{ next_page_token['next_page_token'] }}", "the paginator's token"));
        list.AddRange(inputs.Select(i => new TemplateSuggestion($"{{{{ config['{i.Name}'] }}}}", $"{i.Name} = {TestingValue(i, testingValues)}")));
        list.Add(new("{{ stream_interval['start_time'] }}", "the incremental sync window's start"));
        return list;
    }

    /// <summary>
    /// The template library, for completion: each macro as a call and each filter as a pipe, to insert inside an
    /// expression. Read from the engine's own tables, so the list is what the engine compiles.
    /// </summary>
    public static IReadOnlyList<TemplateSuggestion> Library() =>
    [
        .. Siphon.Templates.TemplateLibrary.Macros.Select(m => new TemplateSuggestion($"{m}()", "macro")),
        .. Siphon.Templates.TemplateLibrary.Filters.Select(f => new TemplateSuggestion($"| {f}", "filter")),
    ];

    private static string TestingValue(SpecInput input, IReadOnlyDictionary<string, object?> testingValues)
    {
        if (!testingValues.TryGetValue(input.Name, out var value) || value is null or "") return "(no testing value)";
        if (input.Secret) return SecretMask;
        var text = value switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => Siphon.Values.JsonValues.ToJson(value),
        };
        return text.Length > 40 ? text[..39] + "…" : text;
    }

    /// <summary>Why the text is not a valid template for the step, or null.</summary>
    public static string? Problem(string? text, TemplateStep step, string field)
    {
        if (string.IsNullOrEmpty(text) || text.StartsWith("#/", StringComparison.Ordinal)) return null;
        try
        {
            var template = Template.Compile(text, field);
            var allowed = Variables(step);
            var unknown = template.Variables.Where(v => !allowed.Contains(v) && !TemplateVariables.IsLibraryName(v)).ToList();
            return unknown.Count == 0 ? null
                : $"'{string.Join("', '", unknown)}' is not available here; this step sees {string.Join(", ", allowed)}";
        }
        catch (TemplateException e)
        {
            return e.Message;
        }
    }

    private static readonly (string Key, string Label, TemplateStep Step)[] Requesters =
    [
        ("requester", "Request", TemplateStep.Request),
        ("creation_requester", "Creation", TemplateStep.Creation),
        ("polling_requester", "Polling", TemplateStep.Polling),
        ("download_target_requester", "Download Target", TemplateStep.DownloadTarget),
        ("download_requester", "Download", TemplateStep.Download),
        ("abort_requester", "Abort", TemplateStep.AbortOrDelete),
        ("delete_requester", "Delete", TemplateStep.AbortOrDelete),
    ];

    // The request's own parts, named as the form labels them (an error handler's predicates see other variables).
    private static readonly (string Key, string Label)[] RequestParts =
    [
        ("url", "URL"), ("url_base", "URL"), ("path", "URL"), ("request_parameters", "Query Parameters"), ("request_headers", "Headers"),
        ("request_body_json", "Request Body"), ("request_body_data", "Request Body"),
    ];

    /// <summary>
    /// The template problems of the stream's requests, step by step: a test must not create a provider job whose polling or
    /// download then fails on a variable that step never has (the job would be left on the server).
    /// </summary>
    public static IReadOnlyList<string> RequestProblems(StreamModel stream) => RequestProblemsByRequester(stream).Select(p => p.Message).ToList();

    /// <summary>The same problems, each with the key of its requester in the retriever (to find the tab that shows it).</summary>
    public static IReadOnlyList<(string Key, string Message)> RequestProblemsByRequester(StreamModel stream)
    {
        var problems = new List<(string, string)>();
        foreach (var (key, label, step) in Requesters)
        {
            if (stream.CurrentRetriever.GetValueOrDefault(key) is not Dictionary<string, object?> requester) continue;
            foreach (var (part, partLabel) in RequestParts)
                foreach (var text in ValuePath.Strings(requester.GetValueOrDefault(part)).Distinct(StringComparer.Ordinal))
                    if (Problem(text, step, $"{label} {partLabel}") is { } problem) problems.Add((key, $"{label} {partLabel}: {problem}"));
        }
        return problems;
    }
}
