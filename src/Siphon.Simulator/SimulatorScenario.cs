using System.Text.Json;
using System.Text.Json.Nodes;

namespace Siphon.Simulator;

/// <summary>
/// A scenario file: <c>{"port":0,"seed":42,"bearerToken":"...","apiKey":"...","apiKeyHeader":"X-Api-Key",
/// "knobs":{...},"families":{"reports":{...}}}</c>. Family knobs are layered on top of <c>knobs</c>; every
/// property is optional. Problems are reported together.
/// </summary>
public static class SimulatorScenario
{
    private static readonly string[] TopLevel = ["port", "seed", "bearerToken", "apiKey", "apiKeyHeader", "signingKey", "knobs", "families"];

    public static SimulatorOptions Load(string path, SimulatorOptions? baseline = null) => Parse(File.ReadAllText(path), baseline);

    public static SimulatorOptions Parse(string json, SimulatorOptions? baseline = null)
    {
        var options = baseline ?? new SimulatorOptions();
        if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is not JsonObject root)
        {
            throw new KnobException("a scenario must be a JSON object");
        }

        var errors = root.Select(p => p.Key).Where(k => !TopLevel.Contains(k))
            .Select(k => $"unknown scenario property '{k}' (known: {string.Join(", ", TopLevel)})").ToList();
        T Get<T>(string name, T fallback)
        {
            try
            {
                return root[name] is { } node ? node.Deserialize<T>()! : fallback;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                errors.Add($"{name}: {e.Message}");
                return fallback;
            }
        }

        options = options with
        {
            Port = Get("port", options.Port),
            Seed = Get("seed", options.Seed),
            BearerToken = Get("bearerToken", options.BearerToken),
            ApiKey = Get("apiKey", options.ApiKey),
            ApiKeyHeader = Get("apiKeyHeader", options.ApiKeyHeader),
            SigningKey = Get("signingKey", options.SigningKey),
        };

        var knobs = options.Knobs;
        var families = new Dictionary<string, Knobs>(options.FamilyKnobs);
        try
        {
            knobs = KnobJson.Apply(knobs, root["knobs"] as JsonObject);
        }
        catch (KnobException e)
        {
            errors.Add("knobs: " + e.Message);
        }

        if (root["families"] is JsonObject perFamily)
        {
            foreach (var (name, value) in perFamily)
            {
                if (!SimFamily.All.Contains(name))
                {
                    errors.Add($"unknown family '{name}' (families: {string.Join(", ", SimFamily.All)})");
                    continue;
                }

                try
                {
                    families[name] = KnobJson.Apply(families.GetValueOrDefault(name, knobs), value as JsonObject);
                }
                catch (KnobException e)
                {
                    errors.Add($"families.{name}: {e.Message}");
                }
            }
        }

        if (errors.Count > 0) throw new KnobException("invalid scenario: " + string.Join("; ", errors));
        return options with { Knobs = knobs, FamilyKnobs = families };
    }
}
