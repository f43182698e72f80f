using Siphon.Builder.Editing;

namespace Siphon.Builder.Tests.Editing;

public sealed class TemplateCheckTests
{
    private const string Manifest = """
        version: 6.5.0
        type: DeclarativeSource
        check: { type: CheckStream, stream_names: [export] }
        streams:
          - name: export
            retriever:
              type: AsyncRetriever
              creation_requester: { type: HttpRequester, url: "https://api.test/exports", http_method: POST }
              polling_requester:
                type: HttpRequester
                url: "https://api.test/exports/{{ creation_response['id'] }}/{{ download_target }}"
                error_handler: { type: DefaultErrorHandler, response_filters: [{ type: HttpResponseFilter, predicate: "{{ response.retry }}", action: RETRY }] }
              download_requester: { type: HttpRequester, url: "{{ download_target }}" }
              status_extractor: { type: DpathExtractor, field_path: [status] }
              status_mapping: { type: AsyncJobStatusMap, running: [pending], completed: [ready], failed: [failed], timeout: [] }
              download_target_extractor: { type: DpathExtractor, field_path: [urls] }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
        """;

    [Fact]
    public void RequestProblems_AStepReadsAVariableItNeverHas_IsNamedWithItsStep_AndErrorHandlersAreNotRequests()
    {
        var model = new ManifestModel(ManifestYaml.Parse(Manifest).Root!);

        var problems = TemplateCheck.RequestProblems(model.FindStream("export")!);

        var problem = Assert.Single(problems);
        Assert.StartsWith("Polling URL: 'download_target' is not available here", problem);
    }
}
