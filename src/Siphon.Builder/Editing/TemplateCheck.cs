using Siphon.Templates;

namespace Siphon.Builder.Editing;

/// <summary>The step a template field belongs to, which decides the variables it sees.</summary>
public enum TemplateStep { Request, Creation, Polling, DownloadTarget, Download, AbortOrDelete, Record }

/// <summary>Validates a template field as the author types, with the engine's compiler, and lists what it may use.</summary>
public static class TemplateCheck
{
    private static readonly string[] Always = ["config", "parameters", "stream_slice", "stream_partition", "stream_interval"];

    // Functions and names of the template library that are not step variables.
    private static readonly HashSet<string> Library = new(StringComparer.Ordinal)
    {
        "now_utc", "today_utc", "today_with_timezone", "timestamp", "max", "min", "day_delta", "duration", "format_datetime",
        "str_to_datetime", "timedelta", "generate_uuid", "range", "True", "False", "None", "true", "false", "none", "loop", "datetime",
    };

    public static IReadOnlyList<string> Variables(TemplateStep step) => step switch
    {
        TemplateStep.Request => [.. Always, "next_page_token"],
        TemplateStep.Creation => Always,
        TemplateStep.Polling => [.. Always, "creation_response"],
        TemplateStep.DownloadTarget => [.. Always, "creation_response", "polling_response"],
        TemplateStep.Download => [.. Always, "creation_response", "polling_response", "download_target", "next_page_token"],
        TemplateStep.AbortOrDelete => [.. Always, "creation_response", "polling_response"],
        _ => [.. Always, "record", "response"],
    };

    /// <summary>Ready-to-use expressions for a field: the step's job variables and every user input.</summary>
    public static IReadOnlyList<string> Suggestions(TemplateStep step, IEnumerable<string> inputs)
    {
        var list = new List<string>();
        var variables = Variables(step);
        if (variables.Contains("download_target")) list.Add("{{ download_target }}");
        if (variables.Contains("creation_response")) list.Add("{{ creation_response['id'] }}");
        if (variables.Contains("polling_response")) list.Add("{{ polling_response['id'] }}");
        if (variables.Contains("next_page_token")) list.Add("{{ next_page_token['next_page_token'] }}");
        list.AddRange(inputs.Select(i => $"{{{{ config['{i}'] }}}}"));
        list.Add("{{ stream_interval['start_time'] }}");
        return list;
    }

    /// <summary>Why the text is not a valid template for the step, or null.</summary>
    public static string? Problem(string? text, TemplateStep step, string field)
    {
        if (string.IsNullOrEmpty(text) || text.StartsWith("#/", StringComparison.Ordinal)) return null;
        try
        {
            var template = Template.Compile(text, field);
            var allowed = Variables(step);
            var unknown = template.Variables.Where(v => !allowed.Contains(v) && !Library.Contains(v)).ToList();
            return unknown.Count == 0 ? null
                : $"'{string.Join("', '", unknown)}' is not available here; this step sees {string.Join(", ", allowed)}";
        }
        catch (TemplateException e)
        {
            return e.Message;
        }
    }
}
