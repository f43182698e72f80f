namespace Siphon.Components;

/// <summary>
/// The reference's <c>Custom*</c> types: a Python class named by <c>class_name</c> stands in for a component of one
/// kind. They are one component (the same two fields, the same reason) under sixteen type names, so they share this file.
/// </summary>
internal static class CustomComponent
{
    public const string Reason = "a custom Python component; Siphon runs no Python, so the stream that uses it is reported unsupported";

    public static IEnumerable<ComponentSpec> All =>
    [
        Of("CustomAuthenticator", ComponentKind.Authenticator),
        Of("CustomBackoffStrategy", ComponentKind.BackoffStrategy),
        Of("CustomConfigTransformation", ComponentKind.ConfigTransformation),
        Of("CustomDecoder", ComponentKind.Decoder),
        Of("CustomErrorHandler", ComponentKind.ErrorHandler),
        Of("CustomPaginationStrategy", ComponentKind.PaginationStrategy),
        Of("CustomPartitionRouter", ComponentKind.PartitionRouter),
        Of("CustomRecordExtractor", ComponentKind.Extractor),
        Of("CustomRecordFilter", ComponentKind.RecordFilter),
        Of("CustomRequester", ComponentKind.Requester),
        Of("CustomRetriever", ComponentKind.Retriever),
        Of("CustomSchemaLoader", ComponentKind.SchemaLoader),
        Of("CustomSchemaNormalization", ComponentKind.SchemaNormalization),
        Of("CustomStateMigration", ComponentKind.StateMigration),
        Of("CustomTransformation", ComponentKind.Transformation),
        Of("CustomValidationStrategy", ComponentKind.ValidationStrategy),
    ];

    private static ComponentSpec Of(string type, ComponentKind kind) => new(type, kind,
        $"A Python class of the connector's package used as {kind switch { ComponentKind.Authenticator or ComponentKind.ErrorHandler or ComponentKind.Extractor => "an", _ => "a" }} {kind}.",
        [Field.String("class_name", "The fully qualified name of the Python class.", required: true)])
    {
        UnsupportedReason = Reason,
        Example = $"type: {type}\nclass_name: source_example.components.Example\n",
    };
}
