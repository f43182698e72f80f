using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Siphon.Simulator;

/// <summary>
/// Knobs to and from JSON, and the layering of partial overrides on top of full knobs. Overrides are JSON objects
/// so that "not mentioned" stays distinguishable from "set to the default".
/// </summary>
public static class KnobJson
{
    internal static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>Applies a partial JSON object of knobs on top of <paramref name="baseline"/>; throws <see cref="KnobException"/> on unknown or invalid knobs.</summary>
    public static Knobs Apply(Knobs baseline, JsonObject? overrides)
    {
        if (overrides is null || overrides.Count == 0)
        {
            return baseline;
        }

        var merged = JsonSerializer.SerializeToNode(baseline, Options)!.AsObject();
        foreach (var (name, value) in overrides)
        {
            merged[name] = value?.DeepClone();
        }

        Knobs knobs;
        try
        {
            knobs = merged.Deserialize<Knobs>(Options)!;
        }
        catch (JsonException e)
        {
            throw new KnobException($"invalid knobs: {e.Message} (known knobs: {string.Join(", ", Knobs.Names)})");
        }

        Validate(knobs);
        return knobs;
    }

    /// <summary>Parses a JSON object of knob overrides (e.g. the <c>X-Sim-Knobs</c> header).</summary>
    public static JsonObject ParseOverrides(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new KnobException("knobs must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new KnobException($"knobs are not valid JSON: {e.Message}");
        }
    }

    public static string Serialize(Knobs knobs) => JsonSerializer.Serialize(knobs, Options);

    private static void Validate(Knobs k)
    {
        var errors = new List<string>();
        if (k.Rows is < 0 or > Knobs.MaxRows) errors.Add($"rows must be within 0..{Knobs.MaxRows}");
        if (k.Files is < 1 or > 1000) errors.Add("files must be within 1..1000");
        if (k.PollsUntilDone < 0) errors.Add("pollsUntilDone must be >= 0");
        if (k.FailureRate is < 0 or > 1) errors.Add("failureRate must be within 0..1");
        if (k.Format is not null && !FileFormats.IsKnownFormat(k.Format)) errors.Add($"format must be one of {string.Join(", ", FileFormats.Formats)}");
        if (k.Compression is not null && !FileFormats.IsKnownCompression(k.Compression)) errors.Add($"compression must be one of {string.Join(", ", FileFormats.Compressions)}");
        if (k.DownloadBytesPerSecond is <= 0) errors.Add("downloadBytesPerSecond must be > 0");
        if (k.BodyFault is not null && !FaultyBody.Kinds.Contains(k.BodyFault)) errors.Add($"bodyFault must be one of {string.Join(", ", FaultyBody.Kinds)}");
        if (k.TruncateBytes < 0) errors.Add("truncateBytes must be >= 0");
        if (k.StaticFilesUrl is not null && !(Uri.TryCreate(k.StaticFilesUrl, UriKind.Absolute, out var files) && files.IsLoopback && k.StaticFilesUrl.EndsWith('/')))
            errors.Add("staticFilesUrl must be an absolute loopback URL ending with /");
        foreach (var op in (k.RateLimitEvery?.Keys ?? []).Concat(k.ErrorBursts?.Keys ?? []))
        {
            if (!SimOperation.All.Contains(op)) errors.Add($"unknown operation '{op}' (operations: {string.Join(", ", SimOperation.All)})");
        }

        if (errors.Count > 0)
        {
            throw new KnobException("invalid knobs: " + string.Join("; ", errors));
        }
    }
}
