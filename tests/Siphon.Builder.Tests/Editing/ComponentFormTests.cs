using Siphon.Builder.Editing;
using Siphon.Builder.Projects;
using Siphon.Source;
using Siphon.Values;

namespace Siphon.Builder.Tests.Editing;

public sealed class ComponentFormTests
{
    [Fact]
    public void PollingPolicy_FieldsTyped_WriteAnAsyncPollingPolicyUnderPolling_AndClearingThemRemovesIt()
    {
        var (model, stream) = AsyncStream();
        var form = ComponentForms.PollingPolicy;

        form.Set(stream.Retriever, "polling", Field(form, "Initial Interval"), "PT2S");
        form.Set(stream.Retriever, "polling", Field(form, "Max Interval"), "PT1M");
        form.Set(stream.Retriever, "polling", Field(form, "Multiplier"), "2");

        Assert.Equal("""{"type":"AsyncPollingPolicy","initial_interval":"PT2S","max_interval":"PT1M","multiplier":2}""", JsonValues.ToJson(stream.Retriever["polling"]));
        Assert.False(ConnectorLoader.Parse("manifest.yaml", model.ToYaml()).HasErrors);
        Assert.Equal("2", ComponentForm.Get(stream.Retriever["polling"], Field(form, "Multiplier")));

        foreach (var field in form.Fields) form.Set(stream.Retriever, "polling", field, "");
        Assert.False(stream.Retriever.ContainsKey("polling"));
    }

    [Fact]
    public void IncrementalSync_AFilledForm_IsAValidDatetimeBasedCursorWithItsRequestOptions()
    {
        var (model, stream) = AsyncStream();
        var form = ComponentForms.IncrementalSync;

        Set(form, stream.Node, "incremental_sync", ("Cursor Field", "updated_at"), ("Datetime Format", "%Y-%m-%d"), ("Start Datetime", "{{ config['start_date'] }}"),
            ("Step", "P7D"), ("Cursor Granularity", "P1D"), ("Cursor Datetime Formats", "%Y-%m-%dT%H:%M:%SZ, %s"),
            ("Start Time Option: inject into", "request_parameter"), ("Start Time Option: field name", "since"));

        var cursor = (Dictionary<string, object?>)stream.Node["incremental_sync"]!;
        Assert.Equal("DatetimeBasedCursor", cursor["type"]);
        Assert.Equal("""{"type":"RequestOption","inject_into":"request_parameter","field_name":"since"}""", JsonValues.ToJson(cursor["start_time_option"]));
        Assert.Equal(new List<object?> { "%Y-%m-%dT%H:%M:%SZ", "%s" }, cursor["cursor_datetime_formats"]);
        Assert.True(form.CanShow(cursor));
        var loaded = ConnectorLoader.Parse("manifest.yaml", model.ToYaml());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Errors));

        form.Set(stream.Node, "incremental_sync", Field(form, "Client-side incremental"), "true");
        Assert.Equal(true, cursor["is_client_side_incremental"]);
        Assert.True(form.CanShow(cursor));
        Assert.Equal("true", ComponentForm.Get(cursor, Field(form, "Client-side incremental")));
        form.Set(stream.Node, "incremental_sync", Field(form, "Client-side incremental"), "");
        Assert.False(cursor.ContainsKey("is_client_side_incremental"));

        // An option sent nowhere goes, field name and all.
        form.Set(stream.Node, "incremental_sync", Field(form, "Start Time Option: inject into"), "");
        Assert.False(cursor.ContainsKey("start_time_option"));
    }

    [Fact]
    public void Partitioning_ValuesAreAListOrATemplateGivingOne()
    {
        var (_, stream) = AsyncStream();
        var form = ComponentForms.Partitioning;

        Set(form, stream.Retriever, "partition_router", ("Partition Values", "campaigns, keywords"), ("Partition Cursor Field", "report_type"),
            ("Partition Request Option: inject into", "body_json"), ("Partition Request Option: field name", "reportType"));
        Assert.Equal("""{"type":"ListPartitionRouter","values":["campaigns","keywords"],"cursor_field":"report_type","request_option":{"type":"RequestOption","inject_into":"body_json","field_name":"reportType"}}""",
            JsonValues.ToJson(stream.Retriever["partition_router"]));

        form.Set(stream.Retriever, "partition_router", Field(form, "Partition Values"), "{{ config['report_types'] }}");
        Assert.Equal("{{ config['report_types'] }}", ValuePath.Get(stream.Retriever, "partition_router", "values"));
        Assert.Equal("campaigns, keywords", ComponentForm.Get(ManifestYaml.NewObject(("values", new List<object?> { "campaigns", "keywords" })), Field(form, "Partition Values")));
    }

    [Fact]
    public void Paginator_PageIncrementThenCursor_WritesTheStrategyAndKeepsOnlyTheFieldsOfTheChosenOne()
    {
        var (model, _) = AsyncStream();
        var retriever = model.AddStream("items", asynchronous: false).Retriever;
        var form = ComponentForms.Paginator;

        Set(form, retriever, "paginator", ("Pagination Strategy", "PageIncrement"), ("Page Size", "50"), ("Start From Page", "1"),
            ("Page Token Option: inject into", "request_parameter"), ("Page Token Option: field name", "page"));
        Assert.Equal("""{"type":"DefaultPaginator","pagination_strategy":{"type":"PageIncrement","page_size":50,"start_from_page":1},"page_token_option":{"type":"RequestOption","inject_into":"request_parameter","field_name":"page"}}""",
            JsonValues.ToJson(retriever["paginator"]));
        Assert.False(ConnectorLoader.Parse("manifest.yaml", model.ToYaml()).HasErrors);
        Assert.False(Field(form, "Cursor Value").AppliesTo(retriever["paginator"]));

        Set(form, retriever, "paginator", ("Pagination Strategy", "CursorPagination"), ("Cursor Value", "{{ response.next }}"));
        Assert.Equal("""{"type":"CursorPagination","page_size":50,"cursor_value":"{{ response.next }}"}""", JsonValues.ToJson(ValuePath.Get(retriever, "paginator", "pagination_strategy")));
        Assert.True(Field(form, "Cursor Value").AppliesTo(retriever["paginator"]));
        Assert.Null(TemplateCheck.Problem("{{ last_record['id'] }}", Field(form, "Cursor Value").Step!.Value, "Cursor Value"));

        // Emptying a field of the chosen strategy keeps the strategy.
        form.Set(retriever, "paginator", Field(form, "Page Size"), "");
        form.Set(retriever, "paginator", Field(form, "Cursor Value"), "");
        Assert.Equal("CursorPagination", ValuePath.Get(retriever, "paginator", "pagination_strategy", "type"));
    }

    [Theory]
    [InlineData("type: DefaultPaginator\npagination_strategy: { type: PageIncrement, cursor_value: x }\n")]
    [InlineData("type: DefaultPaginator\npagination_strategy: { type: CustomPaginationStrategy, class_name: x.Y }\n")]
    [InlineData("type: DefaultPaginator\npagination_strategy: { type: PageIncrement }\npage_token_option: { type: RequestPath }\n")]
    [InlineData("type: NoPagination\n")]
    public void Paginator_CanShow_ShapesOutsideTheForm_IsFalse(string yaml)
    {
        var value = ManifestYaml.Parse("value:\n" + string.Join("\n", yaml.TrimEnd().Split('\n').Select(l => "  " + l))).Root!["value"];

        Assert.False(ComponentForms.Paginator.CanShow(value));
    }

    [Theory]
    [InlineData("type: IncrementingCountCursor\ncursor_field: id\n")]
    [InlineData("type: DatetimeBasedCursor\ncursor_field: a\ndatetime_format: '%s'\nstart_datetime: { type: MinMaxDatetime, datetime: '2024-01-01', datetime_format: '%Y-%m-%d' }\n")]
    [InlineData("type: DatetimeBasedCursor\ncursor_field: a\nis_data_feed: true\n")]
    [InlineData("type: DatetimeBasedCursor\ncursor_field: a\nis_client_side_incremental: \"yes please\"\n")]
    [InlineData("type: DatetimeBasedCursor\ncursor_field: a\nstart_time_option: { type: RequestOption, inject_into: body_json, field_path: [filter, since] }\n")]
    [InlineData("$ref: '#/definitions/cursor'\n")]
    public void CanShow_AShapeTheFormHasNoFieldsFor_IsFalse_SoItStaysInTheYamlBox(string yaml)
    {
        var value = ManifestYaml.Parse("value:\n" + string.Join("\n", yaml.TrimEnd().Split('\n').Select(l => "  " + l))).Root!["value"];

        Assert.False(ComponentForms.IncrementalSync.CanShow(value));
        Assert.False(ComponentForms.IncrementalSync.CanShow("#/definitions/cursor"));
        Assert.False(ComponentForms.Partitioning.CanShow(new List<object?> { ManifestYaml.NewObject(("type", "ListPartitionRouter")) }));
    }

    /// <summary>Every form a real manifest can show, written back field by field as shown, changes nothing.</summary>
    [Theory]
    [MemberData(nameof(ManifestFiles.TheoryData), MemberType = typeof(ManifestFiles))]
    public void Forms_EveryExampleAndRealManifest_WrittenBackAsShownAreUnchanged(string file)
    {
        var text = File.ReadAllText(file);
        var model = new ManifestModel(ManifestYaml.Parse(text).Root!);
        var before = JsonValues.ToJson(model.Root);

        // Streams written as references are edited as YAML, never in the forms.
        foreach (var stream in model.Streams.Where(s => s.Reference is null))
        {
            foreach (var (form, parent, key) in new[]
            {
                (ComponentForms.PollingPolicy, stream.CurrentRetriever, "polling"),
                (ComponentForms.IncrementalSync, stream.Node, "incremental_sync"),
                (ComponentForms.Partitioning, stream.CurrentRetriever, "partition_router"),
                (ComponentForms.Paginator, stream.CurrentRetriever, "paginator"),
                (ComponentForms.Paginator, stream.CurrentRetriever, "download_paginator"),
            })
            {
                if (!parent.TryGetValue(key, out var value) || !form.CanShow(value)) continue;
                foreach (var field in form.Fields)
                    if (ComponentForm.Get(value, field) is { Length: > 0 } shownText) form.Set(parent, key, field, shownText);
            }
        }

        foreach (var stream in model.Streams.Where(s => s.Reference is null && TransformationRows.CanShow(s.Node.GetValueOrDefault("transformations"))))
            if (stream.Node.ContainsKey("transformations")) TransformationRows.Write(stream.Node, TransformationRows.Rows(stream.Node["transformations"]));

        Assert.Equal(before, JsonValues.ToJson(model.Root));
        Assert.Equal(text, File.ReadAllText(file));
    }

    [Fact]
    public void TransformationRows_AddedAndRemovedFields_AreWrittenAsAddFieldsAndRemoveFieldsInRowOrder()
    {
        var (model, stream) = AsyncStream();

        TransformationRows.Write(stream.Node,
        [
            new(TransformationRows.Add, "meta, source", "{{ record['origin'] }}", -1),
            new(TransformationRows.Add, "", "", -2),
            new(TransformationRows.Remove, "internal_id", "", -3),
            new(TransformationRows.Remove, "debug, trace", "", -3),
        ]);

        Assert.Equal("""[{"type":"AddFields","fields":[{"type":"AddedFieldDefinition","path":["meta","source"],"value":"{{ record['origin'] }}"}]},{"type":"RemoveFields","field_pointers":[["internal_id"],["debug","trace"]]}]""",
            JsonValues.ToJson(stream.Node["transformations"]));
        Assert.True(TransformationRows.CanShow(stream.Node["transformations"]));
        Assert.Equal(3, TransformationRows.Rows(stream.Node["transformations"]).Count);
        var loaded = ConnectorLoader.Parse("manifest.yaml", model.ToYaml());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Errors));

        TransformationRows.Write(stream.Node, []);
        Assert.False(stream.Node.ContainsKey("transformations"));
    }

    [Fact]
    public void TransformationRows_OtherTransformations_StayInTheYamlBox()
    {
        Assert.False(TransformationRows.CanShow(new List<object?> { ManifestYaml.NewObject(("type", "KeysToLower")) }));
        Assert.False(TransformationRows.CanShow(new List<object?>
        {
            ManifestYaml.NewObject(("type", "AddFields"), ("fields", new List<object?> { ManifestYaml.NewObject(("path", new List<object?> { "a" }), ("value", "1"), ("value_type", "integer")) })),
        }));
        Assert.True(TransformationRows.CanShow(null));
    }

    [Fact]
    public void CanShow_TheExamplesIncrementalSyncAndPartitioning_AreShownAsForms()
    {
        var files = ManifestFiles.ExamplesAndRealManifests().ToList();
        StreamModel First(string example) => new ManifestModel(ManifestYaml.Parse(File.ReadAllText(files.Single(f => f.Contains(example, StringComparison.Ordinal)))).Root!).Streams[0];

        var incremental = First("incremental-list").Node["incremental_sync"];
        var partitions = First("ads-report").Retriever["partition_router"];

        Assert.True(ComponentForms.IncrementalSync.CanShow(incremental));
        Assert.Equal("updated_after", ComponentForm.Get(incremental, Field(ComponentForms.IncrementalSync, "Start Time Option: field name")));
        Assert.True(ComponentForms.Partitioning.CanShow(partitions));
        Assert.Equal("{{ config.get('report_types', ['campaigns', 'keywords']) }}", ComponentForm.Get(partitions, Field(ComponentForms.Partitioning, "Partition Values")));
    }

    private static (ManifestModel, StreamModel) AsyncStream()
    {
        var model = new ManifestModel(ManifestYaml.Parse(ManifestTemplates.Empty).Root!);
        GlobalAuth.Set(model, GlobalAuth.Bearer);
        return (model, model.AddStream("reports", asynchronous: true));
    }

    private static FormField Field(ComponentForm form, string label) => form.Fields.Single(f => f.Label == label);

    private static void Set(ComponentForm form, Dictionary<string, object?> parent, string key, params (string Label, string Text)[] fields)
    {
        foreach (var (label, text) in fields) form.Set(parent, key, Field(form, label), text);
    }
}
