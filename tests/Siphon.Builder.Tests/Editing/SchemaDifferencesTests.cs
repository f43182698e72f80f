using System.Text.Json;
using Siphon.Builder.Editing;

namespace Siphon.Builder.Tests.Editing;

public sealed class SchemaDifferencesTests
{
    [Fact]
    public void Of_DeclaredAndInferredSchemas_FlagsMissingFieldsOnEachSideAndOtherTypes_NotNullOrIntegerAsNumber()
    {
        var declared = (Dictionary<string, object?>)Siphon.Values.JsonValues.Parse("""
            {"properties": {"id": {"type": "string"}, "gone": {"type": "string"}, "name": {"type": ["null", "string"]}, "n": {"type": "number"}}}
            """)!;
        var inferred = JsonDocument.Parse("""
            {"properties": {"id": {"type": ["null", "integer"]}, "name": {"type": "string"}, "n": {"type": "integer"}, "new": {"type": "string"}}}
            """).RootElement;

        var differences = SchemaDifferences.Of(declared, inferred).ToDictionary(d => d.Field, d => d.Message);

        Assert.Equal(["id", "new", "gone"], differences.Keys);
        Assert.Equal("declared string, the records have integer", differences["id"]);
    }
}
