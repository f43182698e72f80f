using Siphon.Builder.Editing;
using Siphon.Builder.Projects;
using Siphon.Builder.Sessions;
using Siphon.Manifest;
using Siphon.Source;
using Siphon.Values;

namespace Siphon.Builder.Tests.Editing;

public sealed class ManifestModelTests
{
    [Theory]
    [MemberData(nameof(ManifestFiles.TheoryData), MemberType = typeof(ManifestFiles))]
    public void ToYaml_EveryExampleAndRealManifest_ReadsBackToTheSameValuesAndStreams(string file)
    {
        var text = File.ReadAllText(file);
        var (root, errors) = ManifestYaml.Parse(text);
        Assert.Empty(errors);

        var written = new ManifestModel(root!).ToYaml();
        var (again, againErrors) = ManifestYaml.Parse(written);

        Assert.Empty(againErrors);
        Assert.Equal(JsonValues.ToJson(root), JsonValues.ToJson(again));
        var original = ConnectorLoader.Parse("manifest.yaml", text);
        var roundTripped = ConnectorLoader.Parse("manifest.yaml", written);
        Assert.Equal(original.Errors.Count(), roundTripped.Errors.Count());
        Assert.Equal(original.Definition?.Streams.Select(s => s.Name), roundTripped.Definition?.Streams.Select(s => s.Name));
    }

    /// <summary>Showing a stream in the list and the forms reads it; reading must never write (a reference or an implied type would be lost).</summary>
    [Theory]
    [MemberData(nameof(ManifestFiles.TheoryData), MemberType = typeof(ManifestFiles))]
    public void Streams_ReadAsTheFormsDo_LeaveEveryExampleAndRealManifestUnchanged(string file)
    {
        var model = new ManifestModel(ManifestYaml.Parse(File.ReadAllText(file)).Root!);
        var before = JsonValues.ToJson(model.Root);

        foreach (var stream in model.Streams)
        {
            Assert.NotEqual("", stream.Name);
            _ = (stream.IsAsync, stream.Reference, stream.PrimaryKey, stream.RecordFilter, stream.PollingJobTimeout, stream.StatusValues("running"));
            _ = (stream.FieldPath("record_selector", "extractor", "field_path"), ResponseFormats.Of(stream.CurrentRetriever, "decoder"));
            foreach (var key in new[] { "requester", "creation_requester", "polling_requester", "download_requester", "abort_requester" })
                _ = (StreamModel.GetUrl(stream.CurrentRequester(key)), RequesterAuth.Of(stream.CurrentRequester(key)), StreamModel.Body(stream.CurrentRequester(key)));
        }

        Assert.Equal(before, JsonValues.ToJson(model.Root));
    }

    [Fact]
    public void Streams_WrittenAsReferences_AreNamedAndTypedByWhatTheyReferTo()
    {
        var model = new ManifestModel(ManifestYaml.Parse("""
            version: 6.5.0
            definitions:
              retriever: { type: AsyncRetriever, creation_requester: { url: https://x/exports } }
              streams:
                bounces: { type: DeclarativeStream, name: bounces, retriever: { type: SimpleRetriever, requester: { url: https://x/bounces } } }
                contacts: { type: DeclarativeStream, name: contacts, retriever: { $ref: "#/definitions/retriever" } }
            streams:
              - $ref: "#/definitions/streams/bounces"
              - $ref: "#/definitions/streams/contacts"
            """).Root!);

        var contacts = model.FindStream("contacts");

        Assert.NotNull(contacts);
        Assert.True(contacts.IsAsync);
        Assert.Equal("#/definitions/streams/contacts", contacts.Reference);
        Assert.Equal("bounces", model.Streams[0].Name);
        Assert.False(model.Streams[0].IsAsync);
    }

    [Fact]
    public void GlobalAuth_Bearer_CreatesTheSecretApiKeyInputAndTheTokenTemplate()
    {
        var model = NewModel();

        GlobalAuth.Set(model, GlobalAuth.Bearer);

        Assert.Equal("{{ config['api_key'] }}", ValuePath.Text(model.Definitions, "authenticator", "api_token"));
        Assert.Equal("BearerAuthenticator", ValuePath.Text(model.Definitions, "authenticator", "type"));
        var input = Assert.Single(SpecInputs.Of(model));
        Assert.Equal(("api_key", true, true), (input.Name, input.Secret, input.Required));
    }

    [Theory]
    [InlineData(GlobalAuth.ApiKey, "api_key")]
    [InlineData(GlobalAuth.Basic, "username,password")]
    [InlineData(GlobalAuth.OAuth, "client_id,client_secret,refresh_token")]
    [InlineData(GlobalAuth.SessionToken, "username,password")]
    public void GlobalAuth_EveryKind_BuildsAValidConnectorWithItsInputs(string kind, string inputs)
    {
        var model = NewModel();
        GlobalAuth.Set(model, kind);
        model.AddStream("items", asynchronous: false);

        var loaded = ConnectorLoader.Parse("manifest.yaml", model.ToYaml());

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Errors));
        Assert.Equal(kind, GlobalAuth.KindOf(model));
        Assert.Equal(inputs.Split(','), SpecInputs.Of(model).Select(i => i.Name));
    }

    [Fact]
    public void GlobalAuth_NoAuth_RemovesTheAuthenticatorAndEveryReferenceToIt()
    {
        var model = NewModel();
        GlobalAuth.Set(model, GlobalAuth.Bearer);
        var stream = model.AddStream("contacts", asynchronous: true);

        GlobalAuth.Set(model, GlobalAuth.None);

        Assert.False(model.Definitions.ContainsKey("authenticator"));
        Assert.False(stream.Requester("creation_requester").ContainsKey("authenticator"));
        Assert.DoesNotContain(ConnectorLoader.Parse("manifest.yaml", model.ToYaml()).Problems, p => p.Kind == ManifestErrorKind.DanglingReference);
    }

    [Fact]
    public void AddStream_AsynchronousJob_IsAValidAsyncRetrieverWithTheFormDefaults()
    {
        var model = NewModel();
        GlobalAuth.Set(model, GlobalAuth.Bearer);

        var stream = model.AddStream("contacts", asynchronous: true);

        Assert.True(stream.IsAsync);
        Assert.Equal("POST", StreamModel.Method(stream.Requester("creation_requester")));
        Assert.Equal("GET", StreamModel.Method(stream.Requester("polling_requester")));
        Assert.Equal("{{ download_target }}", StreamModel.GetUrl(stream.Requester("download_requester")));
        Assert.Equal(RequesterAuth.Inherit, RequesterAuth.Of(stream.Requester("polling_requester")));
        var loaded = ConnectorLoader.Parse("manifest.yaml", model.ToYaml());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Errors));
        Assert.Equal(["contacts"], ValuePath.Get(model.Root, "check", "stream_names") as List<object?>);
    }

    [Fact]
    public void RequesterAuth_OwnKind_WritesItsAuthenticatorOnThatRequesterAndCreatesItsInputs()
    {
        var model = NewModel();
        GlobalAuth.Set(model, GlobalAuth.Bearer);
        var stream = model.AddStream("contacts", asynchronous: true);
        var creation = stream.Requester("creation_requester");

        RequesterAuth.Set(model, creation, RequesterAuth.Options.Single(o => o == Authenticators.Basic));

        Assert.Equal(Authenticators.Basic, RequesterAuth.Of(creation));
        Assert.Equal("BasicHttpAuthenticator", ValuePath.Text(creation, "authenticator", "type"));
        Assert.Equal("{{ config['username'] }}", ValuePath.Text(creation, "authenticator", "username"));
        Assert.Equal(RequesterAuth.Inherit, RequesterAuth.Of(stream.Requester("polling_requester")));
        Assert.Equal("BearerAuthenticator", ValuePath.Text(model.Definitions, "authenticator", "type"));
        Assert.Equal(["api_key", "username", "password"], SpecInputs.Of(model).Select(i => i.Name));
        var loaded = ConnectorLoader.Parse("manifest.yaml", model.ToYaml());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Errors));
    }

    [Theory]
    [InlineData(Authenticators.ApiKey)]
    [InlineData(Authenticators.Bearer)]
    [InlineData(Authenticators.OAuth)]
    [InlineData(Authenticators.SessionToken)]
    public void RequesterAuth_EveryKindTheGlobalSettingsOffer_IsOfferedAndBuildsAValidConnector(string kind)
    {
        var model = NewModel();
        var stream = model.AddStream("items", asynchronous: false);

        RequesterAuth.Set(model, stream.Requester("requester"), kind);

        Assert.Contains(kind, RequesterAuth.Options);
        Assert.Equal(kind, RequesterAuth.Of(stream.Requester("requester")));
        var loaded = ConnectorLoader.Parse("manifest.yaml", model.ToYaml());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Errors));
        Assert.NotEmpty(SpecInputs.Of(model));
    }

    [Fact]
    public void RequesterAuth_ApiKeyHeaderThenInherit_ChangesTheHeaderThenRefersToTheGlobalAuthentication()
    {
        var model = NewModel();
        GlobalAuth.Set(model, GlobalAuth.Bearer);
        var requester = model.AddStream("items", asynchronous: false).Requester("requester");

        RequesterAuth.Set(model, requester, Authenticators.ApiKey);
        RequesterAuth.Set(model, requester, Authenticators.ApiKey, header: "X-Token");
        Assert.Equal("X-Token", Authenticators.ApiKeyHeader(RequesterAuth.Own(requester)));

        RequesterAuth.Set(model, requester, RequesterAuth.Inherit);
        Assert.Equal(ManifestModel.AuthenticatorRef, requester["authenticator"]);
        Assert.Null(RequesterAuth.Own(requester));
        RequesterAuth.Set(model, requester, RequesterAuth.NoAuthentication);
        Assert.False(requester.ContainsKey("authenticator"));
    }

    [Fact]
    public void RequesterAuth_AnAuthenticatorTheFormsDoNotKnow_ShowsAsCustomAndIsKept()
    {
        var model = NewModel();
        var requester = model.AddStream("items", asynchronous: false).Requester("requester");
        var custom = ManifestYaml.NewObject(("type", "CustomAuthenticator"), ("class_name", "source.Auth"));
        requester["authenticator"] = custom;

        RequesterAuth.Set(model, requester, RequesterAuth.Of(requester));

        Assert.Equal(RequesterAuth.Custom, RequesterAuth.Of(requester));
        Assert.Same(custom, requester["authenticator"]);
    }

    [Fact]
    public void ChangeRequestType_ToSynchronous_KeepsTheUrlAndParameters()
    {
        var model = NewModel();
        var stream = model.AddStream("contacts", asynchronous: true);
        StreamModel.SetUrl(stream.Requester("creation_requester"), "/v3/exports");
        StreamModel.SetPairs(stream.Requester("creation_requester"), "request_parameters", [new("limit", "10")]);

        var changed = model.ChangeRequestType(stream, asynchronous: false);

        Assert.False(changed.IsAsync);
        Assert.Equal("/v3/exports", StreamModel.GetUrl(changed.Requester("requester")));
        Assert.Equal("10", StreamModel.Pairs(changed.Requester("requester"), "request_parameters")["limit"]);
    }

    [Fact]
    public void RenameDuplicateDelete_KeepTheCheckStreamNamesInStep()
    {
        var model = NewModel();
        var stream = model.AddStream("a", asynchronous: false);

        model.RenameStream(stream, "b");
        var copy = model.DuplicateStream(model.FindStream("b")!);
        model.DeleteStream(model.FindStream("b")!);

        Assert.Equal("b_copy", copy.Name);
        Assert.Equal(["b_copy"], model.Streams.Select(s => s.Name));
        Assert.Equal("a stream named 'b_copy' already exists", model.StreamNameProblem("b_copy"));
    }

    [Fact]
    public void ResponseFormats_CsvInsideGzip_IsAGzipDecoderWrappingACsvDecoder()
    {
        var retriever = JsonValues.NewObject();

        ResponseFormats.Set(retriever, "download_decoder", "CSV (gzip)");

        Assert.Equal("GzipDecoder", ValuePath.Text(retriever, "download_decoder", "type"));
        Assert.Equal("CsvDecoder", ValuePath.Text(retriever, "download_decoder", "decoder", "type"));
        Assert.Equal("CSV (gzip)", ResponseFormats.Of(retriever, "download_decoder"));
    }

    [Theory]
    [InlineData("{{ creation_response['id'] }}", TemplateStep.Polling, null)]
    [InlineData("{{ download_target }}", TemplateStep.Polling, "'download_target' is not available here")]
    [InlineData("{{ download_target }}", TemplateStep.Download, null)]
    [InlineData("{{ config['api_key'] ", TemplateStep.Creation, "line 1")]
    [InlineData("{{ now_utc().strftime('%Y') }}", TemplateStep.Creation, null)]
    public void TemplateCheck_ReportsSyntaxErrorsAndVariablesTheStepDoesNotHave(string text, TemplateStep step, string? expected)
    {
        var problem = TemplateCheck.Problem(text, step, "URL");

        if (expected is null) Assert.Null(problem);
        else Assert.Contains(expected, problem);
    }

    [Fact]
    public void TemplateCheck_Suggestions_ShowEachInputsTestingValue_AndOnlyAMaskForASecret()
    {
        var model = NewModel();
        GlobalAuth.Set(model, GlobalAuth.Basic);
        SpecInputs.Ensure(model, "region", "Region", secret: false);
        var values = new Dictionary<string, object?> { ["username"] = "ada", ["password"] = "s3cret" };

        var suggestions = TemplateCheck.Suggestions(TemplateStep.Polling, SpecInputs.Of(model), values);

        Assert.Contains(new TemplateSuggestion("{{ config['username'] }}", "username = ada"), suggestions);
        Assert.Contains(new TemplateSuggestion("{{ config['password'] }}", "password = " + TemplateCheck.SecretMask), suggestions);
        Assert.Contains(new TemplateSuggestion("{{ config['region'] }}", "region = (no testing value)"), suggestions);
        Assert.Contains(suggestions, s => s.Expression == "{{ creation_response['id'] }}");
        Assert.DoesNotContain(suggestions, s => s.Expression.Contains("s3cret", StringComparison.Ordinal) || s.Hint.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SaveTestingValues_AnEmptySecret_KeepsTheSavedOneAndTheFileIsOwnerOnly()
    {
        var root = Directory.CreateTempSubdirectory("siphon-projects-");
        try
        {
            var store = new ProjectStore(root.FullName);
            var project = await store.CreateAsync("p", null, CancellationToken.None);
            var session = new BuilderSession(store);
            await session.OpenAsync(project, CancellationToken.None);
            GlobalAuth.Set(session.Model!, GlobalAuth.Basic);
            await session.CommitAsync();

            await session.SaveTestingValuesAsync(new Dictionary<string, object?> { ["username"] = "ada", ["password"] = "s3cret" });
            await session.SaveTestingValuesAsync(new Dictionary<string, object?> { ["username"] = "grace", ["password"] = "" });

            var saved = await project.ReadTestingValuesAsync(CancellationToken.None);
            Assert.Equal("grace", saved["username"]);
            Assert.Equal("s3cret", saved["password"]);
            Assert.DoesNotContain("s3cret", await File.ReadAllTextAsync(project.ManifestPath));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(project.TestingValuesPath));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task KeepConfigUpdate_RotatedRefreshToken_ReplacesTheSavedOneAndKeepsTheOtherValues_AndAReloadedSessionSeesIt()
    {
        var root = Directory.CreateTempSubdirectory("siphon-projects-");
        try
        {
            var store = new ProjectStore(root.FullName);
            var project = await store.CreateAsync("p", null, CancellationToken.None);
            using var session = new BuilderSession(store);
            await session.OpenAsync(project, CancellationToken.None);
            GlobalAuth.Set(session.Model!, GlobalAuth.OAuth);
            await session.CommitAsync();
            await session.SaveTestingValuesAsync(new Dictionary<string, object?> { ["client_id"] = "ada", ["client_secret"] = "cs", ["refresh_token"] = "rt-old" });

            await project.KeepConfigUpdateAsync(new Dictionary<string, object?> { ["client_id"] = "ada", ["client_secret"] = "cs", ["refresh_token"] = "rt-rotated" }, CancellationToken.None);
            await session.ReloadTestingValuesAsync();

            var saved = await project.ReadTestingValuesAsync(CancellationToken.None);
            Assert.Equal("rt-rotated", saved["refresh_token"]);
            Assert.Equal("ada", saved["client_id"]);
            Assert.Equal("rt-rotated", session.TestingValues["refresh_token"]);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Commit_ChangesSavedWhileTheLastOneStillSaves_TheFileHoldsTheNewestManifest()
    {
        var root = Directory.CreateTempSubdirectory("siphon-projects-");
        try
        {
            var store = new ProjectStore(root.FullName);
            using var session = new BuilderSession(store);
            await session.OpenAsync(await store.CreateAsync("p", null, CancellationToken.None), CancellationToken.None);

            var saves = new List<Task>();
            for (var i = 0; i < 20; i++)
            {
                session.Model!.AddStream($"s{i}", asynchronous: i % 2 == 0);
                saves.Add(session.CommitAsync());
            }
            await Task.WhenAll(saves);

            Assert.Equal(session.SavedYaml, await File.ReadAllTextAsync(session.Project!.ManifestPath));
            Assert.Contains("name: s19", session.SavedYaml, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Undo_AfterAFormChange_RestoresTheSavedManifest()
    {
        var root = Directory.CreateTempSubdirectory("siphon-projects-");
        try
        {
            var store = new ProjectStore(root.FullName);
            var session = new BuilderSession(store);
            await session.OpenAsync(await store.CreateAsync("p", null, CancellationToken.None), CancellationToken.None);
            var before = session.SavedYaml;
            session.Model!.AddStream("s", asynchronous: false);
            await session.CommitAsync();

            await session.UndoAsync();

            Assert.Equal(before, session.SavedYaml);
            Assert.Equal(before, await File.ReadAllTextAsync(session.Project!.ManifestPath));
            Assert.Empty(session.Model!.Streams);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static ManifestModel NewModel() => new(ManifestYaml.Parse(ManifestTemplates.Empty).Root!);
}

/// <summary>The repository's example manifests, and the shared real manifests when they are on this machine.</summary>
public static class ManifestFiles
{
    /// <summary>Every example and real manifest, one theory case each.</summary>
    public static TheoryData<string> TheoryData() => [.. ExamplesAndRealManifests()];

    /// <summary>
    /// The examples, plus the real manifests where they are on this machine (in CI, where they must be, their absence
    /// fails here).
    /// </summary>
    public static IEnumerable<string> ExamplesAndRealManifests()
    {
        var examples = Directory.EnumerateFiles(Path.Combine(SharedTestData.RepositoryRoot, "examples"), "manifest.yaml", SearchOption.AllDirectories);
        var reals = SharedTestData.RealManifests.Exists || SharedTestData.Required ? SharedTestData.RealManifests.ManifestFiles() : [];
        return examples.Concat(reals).Order(StringComparer.Ordinal).ToList();
    }
}
