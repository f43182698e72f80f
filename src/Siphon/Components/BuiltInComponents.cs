using Siphon.Records;
using Siphon.Decoding;
using Siphon.Http;
using Siphon.Http.Auth;
using Siphon.Http.Bodies;
using Siphon.Http.ErrorHandling;
using Siphon.Jobs;
using Siphon.Records.Schema;
using Siphon.Records.Transformations;
using Siphon.Source;
using Siphon.Partitions;
using Siphon.Retrieval;
using Siphon.Retrieval.Pagination;

namespace Siphon.Components;

/// <summary>The explicit list of every component Siphon ships with. Adding a component means adding its line here.</summary>
internal static class BuiltInComponents
{
    public static IEnumerable<ComponentSpec> All => Runnable.Concat(Declared).Concat(CustomComponent.All);

    /// <summary>The reference's components Siphon declares but does not run yet: manifests using them load, and only their streams are unsupported.</summary>
    private static IEnumerable<ComponentSpec> Declared =>
    [
        Siphon.Source.ConditionalStreams.Spec,
        Siphon.Source.DynamicStreamCheckConfig.Spec,
        Siphon.Source.BlockSimultaneousSyncsAction.Spec,
        Siphon.Http.Auth.RateLimitedMultipleTokenAuthenticator.Spec,
        Siphon.Http.Auth.QuotaStatusSource.Spec,
        Siphon.Http.Auth.TokenQuota.Spec,
        Siphon.Http.Auth.LegacySessionTokenAuthenticator.Spec,
        Siphon.Http.QueryProperties.QueryProperties.Spec,
        Siphon.Http.QueryProperties.PropertiesFromEndpoint.Spec,
        Siphon.Http.QueryProperties.PropertyChunking.Spec,
        Siphon.Http.QueryProperties.GroupByKeyMergeStrategy.Spec,
        Siphon.Http.QueryProperties.JsonSchemaPropertySelector.Spec,
        Siphon.Records.RecordExpander.Spec,
        Siphon.Records.ResponseToFileExtractor.Spec,
        Siphon.Records.Schema.DynamicSchemaLoader.Spec,
        Siphon.Records.Schema.SchemaTypeIdentifier.Spec,
        Siphon.Partitions.UnionPartitionRouter.Spec,
        Siphon.Retrieval.Pagination.PaginationReset.Spec,
        Siphon.Retrieval.Pagination.PaginationResetLimits.Spec,
    ];

    private static IEnumerable<ComponentSpec> Runnable =>
    [
        // Source
        DeclarativeSource.Spec,
        DeclarativeStream.Spec,
        StateDelegatingStream.Spec,
        // Source/DynamicStreams
        Siphon.Source.DynamicStreams.DynamicDeclarativeStream.Spec,
        Siphon.Source.DynamicStreams.HttpComponentsResolver.Spec,
        Siphon.Source.DynamicStreams.ConfigComponentsResolver.Spec,
        Siphon.Source.DynamicStreams.StreamConfig.Spec,
        Siphon.Source.DynamicStreams.ParametrizedComponentsResolver.Spec,
        Siphon.Source.DynamicStreams.StreamParametersDefinition.Spec,
        Siphon.Source.DynamicStreams.ComponentMappingDefinition.Spec,
        Siphon.Source.DynamicStreams.CheckDynamicStream.Spec,
        SpecDefinition.Component,
        CheckDefinition.Component,
        ConcurrencyLevelDefinition.Component,
        // Source/ConfigNormalization
        Siphon.Source.ConfigNormalization.ConfigNormalizationRules.Spec,
        Siphon.Source.ConfigNormalization.ConfigMigration.Spec,
        Siphon.Source.ConfigNormalization.ConfigAddFields.Spec,
        Siphon.Source.ConfigNormalization.ConfigRemapField.Spec,
        Siphon.Source.ConfigNormalization.ConfigRemoveFields.Spec,
        Siphon.Source.ConfigNormalization.DpathValidator.Spec,
        Siphon.Source.ConfigNormalization.PredicateValidator.Spec,
        Siphon.Source.ConfigNormalization.ValidateAdheresToSchema.Spec,
        // Records
        InlineSchemaLoader.Spec,
        JsonFileSchemaLoader.Spec,
        DpathExtractor.Spec,
        RecordSelector.Spec,
        RecordFilter.Spec,
        AddFields.Spec,
        AddedField.Spec,
        RemoveFields.Spec,
        KeysToLower.Spec,
        KeysToSnakeCase.Spec,
        KeysReplace.Spec,
        FlattenFields.Spec,
        DpathFlattenFields.Spec,
        FlattenedKeyTransformation.Spec,
        // Decoding
        JsonDecoder.Spec,
        JsonItemsDecoder.Spec,
        JsonlDecoder.Spec,
        CsvDecoder.Spec,
        XmlDecoder.Spec,
        GzipDecoder.Spec,
        ZipfileDecoder.Spec,
        IterableDecoder.Spec,
        // Http
        HttpRequester.Spec,
        RequestOption.Spec,
        RequestPath.Spec,
        RequestBodyJsonObject.Spec,
        RequestBodyUrlEncodedForm.Spec,
        RequestBodyPlainText.Spec,
        RequestBodyGraphQL.Spec,
        // Http/Auth
        NoAuth.Spec,
        ApiKeyAuthenticator.Spec,
        BearerAuthenticator.Spec,
        BasicHttpAuthenticator.Spec,
        OAuthAuthenticator.Spec,
        SessionTokenAuthenticator.Spec,
        SessionTokenRequestApiKeyAuthenticator.Spec,
        SessionTokenRequestBearerAuthenticator.Spec,
        JwtAuthenticator.Spec,
        SelectiveAuthenticator.Spec,
        // Http/ErrorHandling
        DefaultErrorHandler.Spec,
        CompositeErrorHandler.Spec,
        HttpResponseFilter.Spec,
        ConstantBackoffStrategy.Spec,
        ExponentialBackoffStrategy.Spec,
        WaitTimeFromHeader.Spec,
        WaitUntilTimeFromHeader.Spec,
        // Http/Budget
        Siphon.Http.Budget.HttpApiBudget.Spec,
        Siphon.Http.Budget.MovingWindowCallRatePolicy.Spec,
        Siphon.Http.Budget.FixedWindowCallRatePolicy.Spec,
        Siphon.Http.Budget.UnlimitedCallRatePolicy.Spec,
        Siphon.Http.Budget.Rate.Spec,
        Siphon.Http.Budget.HttpRequestRegexMatcher.Spec,
        // Jobs
        AsyncRetriever.Spec,
        AsyncJobStatusMap.Spec,
        PollingPolicy.Spec,
        // Retrieval
        SimpleRetriever.Spec,
        DefaultPaginator.Spec,
        NoPagination.Spec,
        OffsetIncrement.Spec,
        PageIncrement.Spec,
        CursorPagination.Spec,
        // Partitions
        ListPartitionRouter.Spec,
        SubstreamPartitionRouter.Spec,
        ParentStreamConfig.Spec,
        GroupingPartitionRouter.Spec,
        DatetimeBasedCursor.Spec,
        IncrementingCountCursor.Spec,
        MinMaxDatetime.Spec,
        LegacyToPerPartitionStateMigration.Spec,
    ];
}
