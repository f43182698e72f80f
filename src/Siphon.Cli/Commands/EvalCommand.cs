using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Cli.Commands;

/// <summary>
/// <c>siphon eval TEMPLATE [--config FILE] [--var name=JSON ...]</c>: evaluates one template the way a manifest field would
/// and prints the typed result as JSON, or the error (exit code 1, no stack trace). The tool to reach for when a template misbehaves.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var template = new Argument<string>("template") { Description = "The template text, e.g. \"{{ config['start_date'] }}\"" };
        var config = new Option<FileInfo?>("--config") { Description = "A JSON file bound to the 'config' variable (default: {})" };
        var variables = new Option<string[]>("--var")
        {
            Description = "A variable as name=JSON (repeatable); a value that is not JSON is taken as a string",
            AllowMultipleArgumentsPerToken = false,
        };
        var now = new Option<string?>("--now") { Description = "Pin the clock for now_utc()/today_utc(), as ISO-8601 (default: the system clock)" };
        var condition = new Option<bool>("--condition") { Description = "Evaluate as a condition (record filters, predicates) and print true or false" };
        var render = new Option<bool>("--render") { Description = "Print the raw rendered text instead of the typed result" };

        var command = new Command("eval", "Evaluate a template against a config and variables; print the typed result as JSON")
        {
            template, config, variables, now, condition, render,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var scope = BuildScope(parse.GetValue(config), parse.GetValue(variables) ?? [], parse.GetValue(now));
                var compiled = Template.Compile(parse.GetValue(template) ?? "");
                if (parse.GetValue(condition)) output.WriteLine(compiled.EvaluateCondition(scope) ? "true" : "false");
                else if (parse.GetValue(render)) output.WriteLine(compiled.Render(scope));
                else output.WriteLine(JsonValues.ToJson(compiled.Evaluate(scope), indented: true));
                return 0;
            }
            catch (Exception e) when (e is TemplateException or UsageException)
            {
                error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static TemplateScope BuildScope(FileInfo? configFile, string[] variables, string? now)
    {
        var values = JsonValues.NewObject();
        values["config"] = configFile is null ? JsonValues.NewObject() : ReadConfig(configFile);
        foreach (var variable in variables)
        {
            var equals = variable.IndexOf('=');
            if (equals <= 0) throw new UsageException($"--var '{variable}' must look like name=JSON");
            var text = variable[(equals + 1)..];
            object? value;
            try { value = JsonValues.Parse(text); }
            catch (JsonException) { value = text; }
            values[variable[..equals]] = value;
        }
        TimeProvider? time = null;
        if (now is not null)
        {
            if (!DateTimeOffset.TryParse(now, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var pinned))
                throw new UsageException($"--now '{now}' is not an ISO-8601 date-time");
            time = new PinnedTime(pinned);
        }
        return new TemplateScope(values, time);
    }

    private static object? ReadConfig(FileInfo file)
    {
        if (!file.Exists) throw new UsageException($"config file '{file.FullName}' does not exist");
        try { return JsonValues.Parse(File.ReadAllBytes(file.FullName)); }
        catch (JsonException e) { throw new UsageException($"config file '{file.Name}' is not valid JSON: {e.Message}"); }
    }

    private sealed class UsageException(string message) : Exception(message);

    /// <summary>A clock stopped at one instant, so `--now` makes date templates reproducible.</summary>
    private sealed class PinnedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
