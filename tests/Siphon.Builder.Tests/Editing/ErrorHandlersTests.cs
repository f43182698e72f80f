using Siphon.Builder.Editing;
using Siphon.Builder.Projects;
using Siphon.Source;
using Siphon.Values;

namespace Siphon.Builder.Tests.Editing;

public sealed class ErrorHandlersTests
{
    [Fact]
    public void SetFields_ARateLimitRule_IsAValidDefaultErrorHandlerTheFormCanShowAgain()
    {
        var (model, requester) = PollingRequester();

        ErrorHandlers.SetMaxRetries(requester, "3");
        ErrorHandlers.SetBackoff(requester, "WaitTimeFromHeader");
        ErrorHandlers.AddFilter(requester);
        Assert.Null(ErrorHandlers.SetFilterValue(requester, 0, "action", "RATE_LIMITED"));
        Assert.Null(ErrorHandlers.SetFilterValue(requester, 0, "http_codes", "429, 503"));

        Assert.Equal(
            """{"type":"DefaultErrorHandler","max_retries":3,"backoff_strategies":[{"type":"WaitTimeFromHeader","header":"Retry-After"}],"response_filters":[{"type":"HttpResponseFilter","action":"RATE_LIMITED","http_codes":[429,503]}]}""",
            JsonValues.ToJson(requester[ErrorHandlers.Key]));
        Assert.True(ErrorHandlers.CanShow(requester));
        Assert.Equal("429, 503", ErrorHandlers.FilterValue(ErrorHandlers.Filters(requester)[0], "http_codes"));
        var loaded = ConnectorLoader.Parse("manifest.yaml", model.ToYaml());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Errors));
    }

    [Fact]
    public void SetBackoff_AStrategyWithADefault_StartsFromTheRegistrysDefault_AndTheDefaultChoiceRemovesIt()
    {
        var (_, requester) = PollingRequester();

        ErrorHandlers.SetBackoff(requester, "ExponentialBackoffStrategy");
        Assert.Equal("5", ErrorHandlers.BackoffValue(requester));
        Assert.Contains("5 when empty", ErrorHandlers.Hint("ExponentialBackoffStrategy", "factor"), StringComparison.Ordinal);

        ErrorHandlers.SetBackoff(requester, "");
        Assert.False(requester.ContainsKey(ErrorHandlers.Key));
    }

    [Fact]
    public void SetFilterValue_CodesThatAreNotStatusCodes_AreRefusedWithAReasonAndNotWritten()
    {
        var (_, requester) = PollingRequester();
        ErrorHandlers.AddFilter(requester);

        var error = ErrorHandlers.SetFilterValue(requester, 0, "http_codes", "429, too-many");

        Assert.Equal("'too-many' is not an HTTP status code: write codes such as 429, 503", error);
        Assert.False(ErrorHandlers.Filters(requester)[0].ContainsKey("http_codes"));
    }

    [Fact]
    public void RemoveFilter_TheLastOneOfAnOtherwiseEmptyHandler_RemovesTheHandler()
    {
        var (_, requester) = PollingRequester();
        ErrorHandlers.AddFilter(requester);

        ErrorHandlers.RemoveFilter(requester, 0);

        Assert.False(requester.ContainsKey(ErrorHandlers.Key));
    }

    [Fact]
    public void CanShow_ACompositeHandlerOrTwoStrategies_IsLeftToTheYamlBox()
    {
        var composite = ManifestModel.Obj(("type", "CompositeErrorHandler"), ("error_handlers", new List<object?>()));
        var twoStrategies = ManifestModel.Obj(("type", "DefaultErrorHandler"), ("backoff_strategies", new List<object?>
        {
            ManifestModel.Obj(("type", "WaitTimeFromHeader"), ("header", "Retry-After")),
            ManifestModel.Obj(("type", "ConstantBackoffStrategy"), ("backoff_time_in_seconds", 2L)),
        }));

        Assert.False(ErrorHandlers.CanShow(ManifestModel.Obj((ErrorHandlers.Key, composite))));
        Assert.False(ErrorHandlers.CanShow(ManifestModel.Obj((ErrorHandlers.Key, twoStrategies))));
        Assert.True(ErrorHandlers.CanShow(ManifestModel.Empty()));
    }

    private static (ManifestModel, Dictionary<string, object?>) PollingRequester()
    {
        var model = new ManifestModel(ManifestYaml.Parse(ManifestTemplates.Empty).Root!);
        GlobalAuth.Set(model, GlobalAuth.Bearer);
        return (model, model.AddStream("reports", asynchronous: true).Requester("polling_requester"));
    }

    [Fact]
    public void CompositeAddChangeRemove_WrapsTheHandlerEditsEachInPlace_AndUnwrapsTheLastOne()
    {
        var (model, requester) = PollingRequester();
        ErrorHandlers.SetMaxRetries(requester, "3");

        CompositeErrorHandlers.Add(requester);
        CompositeErrorHandlers.Change(requester, 1, r => ErrorHandlers.AddFilter(r));
        CompositeErrorHandlers.Change(requester, 1, r => ErrorHandlers.SetFilterValue(r, 0, "action", "IGNORE"));

        Assert.True(CompositeErrorHandlers.CanShow(requester));
        Assert.Equal(
            """{"type":"CompositeErrorHandler","error_handlers":[{"type":"DefaultErrorHandler","max_retries":3},{"type":"DefaultErrorHandler","response_filters":[{"type":"HttpResponseFilter","action":"IGNORE"}]}]}""",
            JsonValues.ToJson(requester[ErrorHandlers.Key]));
        var loaded = ConnectorLoader.Parse("manifest.yaml", model.ToYaml());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Errors));

        CompositeErrorHandlers.Remove(requester, 0);
        Assert.Equal("""{"type":"DefaultErrorHandler","response_filters":[{"type":"HttpResponseFilter","action":"IGNORE"}]}""", JsonValues.ToJson(requester[ErrorHandlers.Key]));
    }
}
