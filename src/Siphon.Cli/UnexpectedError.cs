using Siphon.Http;
using Siphon.Values;

namespace Siphon.Cli;

/// <summary>
/// The last resort for an exception no command expected: one redacted line on stderr, the redacted details (stack trace)
/// in a log file only its user can read, exit code 1 (something failed; not the command line's fault).
/// It knows nothing of the run that failed, so it takes every text value of the command's config file (<c>--config</c>)
/// as a secret: an over-masked bug report is better than a leaked key.
/// </summary>
internal sealed class UnexpectedError(string[] args)
{
    public int Report(Exception error, TextWriter stderr)
    {
        var redactor = Redactor();
        var summary = redactor.Redact(error.Message.Split('\n')[0].Trim());
        var details = redactor.Redact($"siphon {string.Join(' ', args)}\n{error}\n");
        var where = WriteLog(details);
        Output.Error($"{summary} ({error.GetType().Name}; an unexpected error in Siphon: {(where is null ? "set SIPHON_DEBUG=1 to see the details" : $"details in {where}")})");
        if (Environment.GetEnvironmentVariable("SIPHON_DEBUG") == "1") stderr.Write(details);
        return ExitCodes.InvalidManifest;
    }

    /// <summary>Every text in the config file the command line names, and its encoded forms.</summary>
    internal SecretRedactor Redactor()
    {
        var redactor = new SecretRedactor();
        if (ConfigPath() is not { } path) return redactor;
        try
        {
            AddTexts(JsonValues.Parse(File.ReadAllBytes(path)), redactor);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // A config that cannot be read holds nothing the error could have taken from it.
        }
        return redactor;
    }

    private string? ConfigPath()
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--config" or "-c" && i + 1 < args.Length) return args[i + 1];
            if (args[i].StartsWith("--config=", StringComparison.Ordinal)) return args[i]["--config=".Length..];
        }
        return null;
    }

    private static void AddTexts(object? value, SecretRedactor redactor)
    {
        switch (value)
        {
            case string text: redactor.Add(text); break;
            case Dictionary<string, object?> map: foreach (var item in map.Values) AddTexts(item, redactor); break;
            case List<object?> list: foreach (var item in list) AddTexts(item, redactor); break;
        }
    }

    private static string? WriteLog(string details)
    {
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"siphon-error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var file = new StreamWriter(path, System.Text.Encoding.UTF8, options);
            file.Write(details);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
