using Siphon.Components;
using Siphon.Manifest;

namespace Siphon.Tests.Components;

public sealed class ComponentRegistryTests
{
    [Fact]
    public void Constructor_DuplicateType_IsRejected()
    {
        var spec = new ComponentSpec("X", ComponentKind.Decoder, "x", []);

        var error = Assert.Throws<ArgumentException>(() => new ComponentRegistry([spec, spec]));
        Assert.Contains("'X' is registered twice", error.Message);
    }

    [Fact]
    public void Constructor_DuplicateField_IsRejected()
    {
        var spec = new ComponentSpec("X", ComponentKind.Decoder, "x", [Field.String("a", "a"), Field.String("a", "b")]);

        Assert.Throws<ArgumentException>(() => new ComponentRegistry([spec]));
    }

    public static TheoryData<string> RegisteredTypes()
    {
        var data = new TheoryData<string>();
        foreach (var spec in ComponentRegistry.Default.All) data.Add(spec.Type);
        return data;
    }

    [Theory]
    [MemberData(nameof(RegisteredTypes))]
    public void Spec_EveryRegisteredComponent_HasDescriptionsAndAnExampleThatValidates(string type)
    {
        Assert.True(ComponentRegistry.Default.TryGet(type, out var spec));
        Assert.False(string.IsNullOrWhiteSpace(spec.Description));
        Assert.All(spec.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.Description), $"{type}.{f.Name} has no description"));
        Assert.All(spec.Fields.Where(f => f.Type is FieldType.Component or FieldType.ComponentList or FieldType.ComponentOrList),
            f => Assert.NotNull(f.Kind));
        Assert.False(string.IsNullOrWhiteSpace(spec.Example), $"{type} has no example");

        var document = ManifestDocument.Parse("example.yaml", spec.Example!);
        Assert.Empty(document.Errors);
        var map = Assert.IsType<ManifestMap>(document.Resolved);
        Assert.Contains(map.GetText("type"), spec.Aliases.Prepend(type));
        Assert.True(spec.Factory is not null || spec.UnsupportedReason is not null);
    }

    [Fact]
    public void Generate_JsonSchema_DescribesEveryRegisteredComponentAndNothingElse()
    {
        var schema = JsonSchemaGenerator.Generate(ComponentRegistry.Default);

        var definitions = Assert.IsType<Dictionary<string, object?>>(schema["$defs"]);
        Assert.Equal(ComponentRegistry.Default.All.Select(s => s.Type).Order(), definitions.Keys.Order());
        Assert.Equal("#/$defs/DeclarativeSource", schema["$ref"]);
    }

    [Fact]
    public void Defaults_AreWrittenOnceInTheSpecs()
    {
        Assert.True(ComponentRegistry.Default.TryGet("DeclarativeStream", out var stream));
        Assert.Equal("SimpleRetriever", stream.FindField("retriever")!.ImpliedType);
        Assert.Equal("JsonFileSchemaLoader", stream.FindField("schema_loader")!.ImpliedType);
        Assert.True(ComponentRegistry.Default.TryGet("DeclarativeSource", out var source));
        Assert.Equal("CheckStream", source.FindField("check")!.ImpliedType);
        Assert.Equal("DeclarativeStream", source.FindField("streams")!.ImpliedType);
    }
}
