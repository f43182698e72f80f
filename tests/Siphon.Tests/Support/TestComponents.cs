using Siphon.Components;

namespace Siphon.Tests.Support;

/// <summary>
/// Small components registered beside the built-in ones, so validation rules (nested required fields, enums,
/// implied types) can be specified before the real retrievers and requesters exist.
/// </summary>
public static class TestComponents
{
    public sealed record TestRetrieverResult(TestRequesterResult Requester);
    public sealed record TestRequesterResult(string Url, string Method, string? Name);

    public static readonly ComponentSpec Retriever = new("TestRetriever", ComponentKind.Retriever, "A retriever for tests.",
        [Field.Component("requester", ComponentKind.Requester, "The request.", implied: "TestRequester", required: true)])
    {
        Factory = (node, context) => new TestRetrieverResult(context.Build<TestRequesterResult>(node.Child("requester")!)),
        Example = "type: TestRetriever\nrequester: { url: 'https://example.com' }\n",
    };

    public static readonly ComponentSpec Requester = new("TestRequester", ComponentKind.Requester, "A requester for tests.",
        [
            Field.Template("url", "Where to send the request.", required: true),
            Field.Enum("http_method", "The method.", ["GET", "POST"], "GET"),
            Field.Integer("timeout", "Seconds.", 30),
            Field.Boolean("verbose", "Log more."),
            new FieldSpec("request_headers", FieldType.TemplateMap, "Headers."),
            Field.Component("authenticator", ComponentKind.Authenticator, "Credentials."),
            Field.String("name", "A name, often given through $parameters."),
        ])
    {
        Factory = (node, _) => new TestRequesterResult(node.Text("url")!, node.Text("http_method")!, node.Text("name")),
        Example = "type: TestRequester\nurl: https://example.com\n",
    };

    public static ComponentRegistry Registry { get; } = new(BuiltInComponents.All.Concat([Retriever, Requester]));
}
