namespace Siphon.Records.Schema;

/// <summary>What a schema loader yields: a JSON Schema as a value, or null when it has none to give.</summary>
public sealed record SchemaLoaderResult(object? Schema)
{
    /// <summary>A schema read from the API once the config is known (<c>DynamicSchemaLoader</c>).</summary>
    public DynamicSchemaLoader? Dynamic { get; init; }
}
