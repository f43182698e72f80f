using System.Text.Json.Nodes;
using Json.Schema;

namespace Siphon.Cli.Tests.Support;

/// <summary>Checks lines of stdout against the Airbyte protocol's own JSON Schema.</summary>
public static class ProtocolSchema
{
    private static readonly JsonSchema Schema =
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Protocol", "airbyte_message.schema.json")));

    /// <summary>Parses every non-empty line as an AirbyteMessage, failing the test on the first invalid one.</summary>
    public static IReadOnlyList<JsonObject> ValidMessages(string stdout)
    {
        var messages = new List<JsonObject>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var node = JsonNode.Parse(line);
            using var document = System.Text.Json.JsonDocument.Parse(line);
            var result = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"not a valid AirbyteMessage: {line}\n" + string.Join("\n",
                (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
            messages.Add(node!.AsObject());
        }
        return messages;
    }
}
