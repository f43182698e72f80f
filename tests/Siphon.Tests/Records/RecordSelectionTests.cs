using Siphon.Components;
using Siphon.Records;
using Siphon.Templates;
using Siphon.Tests.Support;
using Siphon.Values;

namespace Siphon.Tests.Records;

public sealed class RecordSelectionTests
{
    private static readonly TemplateScope Scope = new(new Dictionary<string, object?>
    {
        ["config"] = JsonValues.Parse("""{"items_key":"items","source":"sim","min":2}"""),
        ["parameters"] = JsonValues.NewObject(),
        ["stream_slice"] = JsonValues.Parse("""{"start_time":"2024-01-01"}"""),
    });

    private static List<string> Select(string selectorYaml, string body, params string[] transformationsYaml)
    {
        var selector = Fragment.Build<RecordSelector>(selectorYaml, ComponentKind.RecordSelector, "RecordSelector");
        var transformations = transformationsYaml.Select(t => Fragment.Build<IRecordTransformation>(t, ComponentKind.Transformation)).ToList();
        return selector.Select(JsonValues.Parse(body), Scope, transformations).Select(r => JsonValues.ToJson(r)).ToList();
    }

    [Theory]
    [InlineData("[]", """[{"a":1},{"a":2}]""", """{"a":1}|{"a":2}""")]
    [InlineData("[]", """{"a":1}""", """{"a":1}""")]
    [InlineData("[]", """{}""", "")]
    [InlineData("[data]", """{"data":[{"a":1}]}""", """{"a":1}""")]
    [InlineData("[data]", """{"data":{"a":1}}""", """{"a":1}""")]
    [InlineData("[data]", """{"other":[{"a":1}]}""", "")]
    [InlineData("[data, '0']", """{"data":[{"a":1},{"a":2}]}""", """{"a":1}""")]
    [InlineData("[data, '*', rows]", """{"data":[{"rows":[{"a":1}]},{"rows":[{"a":2}]}]}""", """[{"a":1}]|[{"a":2}]""")]
    [InlineData("['{{ config.items_key }}']", """{"items":[{"a":1}]}""", """{"a":1}""")]
    [InlineData("[data]", """{"data":[1,{"a":1},"x"]}""", "1|{\"a\":1}|\"x\"")]
    public void DpathExtractor_FieldPath_ExtractsAsTheReference(string path, string body, string expected)
    {
        var extractor = Fragment.Build<IRecordExtractor>($"type: DpathExtractor\nfield_path: {path}\n", ComponentKind.Extractor);

        var records = extractor.Extract(JsonValues.Parse(body), Scope).Select(r => JsonValues.ToJson(r));

        Assert.Equal(expected, string.Join("|", records));
    }

    [Fact]
    public void RecordSelector_Filter_KeepsMatchingRecords()
    {
        var records = Select("extractor: { field_path: [data] }\nrecord_filter: { condition: \"{{ record['id'] >= config['min'] }}\" }\n",
            """{"data":[{"id":1},{"id":2},{"id":3}]}""");

        Assert.Equal(["""{"id":2}""", """{"id":3}"""], records);
    }

    [Fact]
    public void RecordSelector_TransformBeforeFiltering_FiltersOnTheTransformedRecord()
    {
        const string selector = "extractor: { field_path: [] }\nrecord_filter: { condition: \"{{ record.get('id') == 1 }}\" }\ntransform_before_filtering: true\n";

        var records = Select(selector, """[{"ID":1},{"ID":2}]""", "type: KeysToLower");

        Assert.Equal(["""{"id":1}"""], records);
    }

    [Fact]
    public void AddFields_ValuesSeeRecordSliceAndConfig()
    {
        var records = Select("extractor: { field_path: [] }", """[{"id":7}]""", """
            type: AddFields
            fields:
              - path: [source]
                value: "{{ config['source'] }}"
              - path: [meta, start]
                value: "{{ stream_slice.start_time }}"
              - path: [double_id]
                value: "{{ record['id'] * 2 }}"
              - path: [id_text]
                value: "{{ record['id'] }}"
                value_type: string
            """);

        Assert.Equal(["""{"id":7,"source":"sim","meta":{"start":"2024-01-01"},"double_id":14,"id_text":"7"}"""], records);
    }

    [Fact]
    public void AddFields_Condition_SkipsRecordsWhereItIsFalse()
    {
        var records = Select("extractor: { field_path: [] }", """[{"id":1},{"id":2}]""",
            "type: AddFields\ncondition: \"{{ record.id == 2 }}\"\nfields: [ { path: [flag], value: \"yes\" } ]\n");

        Assert.Equal(["""{"id":1}""", """{"id":2,"flag":"yes"}"""], records);
    }

    [Fact]
    public void RemoveFields_PathsAndWildcards_AreRemoved()
    {
        var records = Select("extractor: { field_path: [] }", """[{"id":1,"secret":"x","rows":[{"a":1,"b":2}],"nested":{"a":1,"b":2}}]""",
            "type: RemoveFields\nfield_pointers: [[secret], [nested, a], [rows, '*', b]]\n");

        Assert.Equal(["""{"id":1,"rows":[{"a":1}],"nested":{"b":2}}"""], records);
    }

    [Fact]
    public void RemoveFields_Condition_RemovesOnlyMatchingValues()
    {
        var records = Select("extractor: { field_path: [] }", """[{"a":"","b":"x","c":""}]""",
            "type: RemoveFields\nfield_pointers: [['*']]\ncondition: \"{{ property == '' }}\"\n");

        Assert.Equal(["""{"b":"x"}"""], records);
    }

    [Theory]
    [InlineData("type: KeysToLower", """{"CONTACT_ID":1,"Email":2}""", """{"contact_id":1,"email":2}""")]
    [InlineData("type: KeysToSnakeCase", """{"firstName":1,"Last Name":2,"HTTPCode":3,"2fa":4}""", """{"first_name":1,"last_name":2,"http_code":3,"_2fa":4}""")]
    [InlineData("type: KeysReplace\nold: \" \"\nnew: _", """{"a b":1,"c":2}""", """{"a_b":1,"c":2}""")]
    public void KeyTransformations_RenameKeysAndKeepOrder(string yaml, string record, string expected)
    {
        var records = Select("extractor: { field_path: [] }", record, yaml);

        Assert.Equal([expected], records);
    }

    [Theory]
    [InlineData("type: FlattenFields", """{"id":1,"a":{"b":2,"c":{"d":3}},"l":[5,6],"e":{}}""", """{"id":1,"a.b":2,"a.c.d":3,"l.0":5,"l.1":6,"e":{}}""")]
    [InlineData("type: FlattenFields\nflatten_lists: false", """{"a":{"b":2},"l":[5]}""", """{"a.b":2,"l":[5]}""")]
    [InlineData("type: DpathFlattenFields\nfield_path: [attributes]", """{"id":1,"attributes":{"x":2,"id":9}}""", """{"id":1,"attributes":{"x":2,"id":9},"x":2}""")]
    [InlineData("type: DpathFlattenFields\nfield_path: [attributes]\ndelete_origin_value: true", """{"id":1,"attributes":{"x":2}}""", """{"id":1,"x":2}""")]
    [InlineData("type: DpathFlattenFields\nfield_path: [attributes]\nreplace_record: true", """{"id":1,"attributes":{"x":2}}""", """{"x":2}""")]
    [InlineData("type: DpathFlattenFields\nfield_path: [attributes]\nkey_transformation: { type: KeyTransformation, prefix: attr_, suffix: _v }", """{"id":1,"attributes":{"id":9}}""", """{"id":1,"attributes":{"id":9},"attr_id_v":9}""")]
    [InlineData("type: DpathFlattenFields\nfield_path: [missing]", """{"id":1}""", """{"id":1}""")]
    public void FlattenTransformations_LiftNestedFields(string yaml, string record, string expected)
    {
        var records = Select("extractor: { field_path: [] }", record, yaml);

        Assert.Equal([expected], records);
    }

    [Fact]
    public void SchemaNormalization_Default_CastsValuesThatFitTheirSchemaType()
    {
        var schema = JsonValues.Parse("""
            {"type":"object","properties":{"id":{"type":"integer"},"cost":{"type":["null","number"]},"ok":{"type":"boolean"},"code":{"type":"string"},"n":{"type":"integer"}}}
            """);
        var record = (Dictionary<string, object?>)JsonValues.Parse("""{"id":"42","cost":"1.5","ok":"true","code":7,"n":"not a number","other":"9"}""")!;

        new Siphon.Records.Schema.SchemaNormalization(schema).Transform(record, Scope);

        Assert.Equal("""{"id":42,"cost":1.5,"ok":true,"code":"7","n":"not a number","other":"9"}""", JsonValues.ToJson(record));
    }
}
