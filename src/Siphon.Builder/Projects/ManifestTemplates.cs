namespace Siphon.Builder.Projects;

/// <summary>The manifest a new project starts from: a source with no streams and no inputs.</summary>
internal static class ManifestTemplates
{
    public const string Empty = """
        version: 6.5.0
        type: DeclarativeSource
        check:
          type: CheckStream
          stream_names: []
        definitions: {}
        streams: []
        spec:
          type: Spec
          connection_specification:
            type: object
            required: []
            properties: {}

        """;
}
