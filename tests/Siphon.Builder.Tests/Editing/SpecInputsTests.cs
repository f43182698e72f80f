using Siphon.Builder.Editing;
using Siphon.Values;

namespace Siphon.Builder.Tests.Editing;

public sealed class SpecInputsTests
{
    private const string Manifest = """
        version: 6.5.0
        type: DeclarativeSource
        check: { type: CheckStream, stream_names: [items] }
        definitions:
          authenticator: { type: BearerAuthenticator, api_token: "{{ config['api_key'] }}" }
        spec:
          type: Spec
          connection_specification:
            type: object
            required: [api_key, region, start_date, unused]
            properties:
              api_key: { type: string, title: API Key, airbyte_secret: true }
              region: { type: string, title: Region, default: eu }
              start_date: { type: string, title: Start date }
              unused: { type: string, title: Unused }
        streams:
          - name: items
            retriever:
              type: SimpleRetriever
              requester:
                url: "https://api.test/{{ config.region }}/items?since={{ config.get('start_date') }}"
                authenticator: "#/definitions/authenticator"
              record_selector: { extractor: { field_path: [] } }
        """;

    [Fact]
    public void MissingFor_RequiredInputsTheStreamReads_WithoutValueOrDefault()
    {
        var model = new ManifestModel(ManifestYaml.Parse(Manifest).Root!);

        var missing = SpecInputs.MissingFor(model, model.FindStream("items")!, JsonValues.NewObject());

        Assert.Equal(["api_key", "start_date"], missing.Select(i => i.Name));
    }

    [Fact]
    public void MissingFor_EveryReadInputHasATestingValue_IsEmpty()
    {
        var model = new ManifestModel(ManifestYaml.Parse(Manifest).Root!);
        var values = (Dictionary<string, object?>)JsonValues.Parse("""{"api_key":"k","start_date":"2024-01-01"}""")!;

        Assert.Empty(SpecInputs.MissingFor(model, model.FindStream("items")!, values));
    }
}
