namespace Siphon.Components;

/// <summary>
/// Every component type of the reference's declarative schema. A type listed here but not registered in Siphon
/// is reported as "not yet supported" rather than "unknown", so a user knows the manifest is not at fault.
/// </summary>
internal static class ReferenceComponentTypes
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "AddedFieldDefinition", "AddFields", "ApiKeyAuthenticator", "AsyncJobStatusMap", "AsyncRetriever",
        "BasicHttpAuthenticator", "BearerAuthenticator", "CartesianProductStreamSlicer", "CheckDynamicStream",
        "CheckStream", "ComponentMappingDefinition", "CompositeErrorHandler", "ConcurrencyLevel",
        "ConfigAddFields", "ConfigComponentsResolver", "ConfigMigration", "ConfigRemapField", "ConfigRemoveFields",
        "ConstantBackoffStrategy", "CsvDecoder", "CursorPagination", "CustomAuthenticator",
        "CustomBackoffStrategy", "CustomConfigTransformation", "CustomDecoder", "CustomErrorHandler",
        "CustomIncrementalSync", "CustomPaginationStrategy", "CustomPartitionRouter", "CustomRecordExtractor",
        "CustomRecordFilter", "CustomRequester", "CustomRetriever", "CustomSchemaLoader",
        "CustomSchemaNormalization", "CustomStateMigration", "CustomTransformation", "CustomValidationStrategy",
        "DatetimeBasedCursor", "DeclarativeSource", "DeclarativeStream", "DefaultErrorHandler",
        "DefaultPaginator", "DpathExtractor", "DpathFlattenFields", "DpathValidator", "DynamicDeclarativeStream",
        "DynamicSchemaLoader", "ExponentialBackoffStrategy", "FileUploader", "FixedWindowCallRatePolicy",
        "FlattenFields", "GroupByKeyMergeStrategy", "GroupingPartitionRouter", "GzipDecoder", "GzipJsonDecoder",
        "HTTPAPIBudget", "HttpComponentsResolver", "HttpRequester", "HttpRequestRegexMatcher",
        "HttpResponseFilter", "IncrementingCountCursor", "InlineSchemaLoader", "IterableDecoder", "JsonDecoder",
        "JsonFileSchemaLoader", "JsonItemsDecoder", "JsonlDecoder", "JsonSchemaPropertySelector", "JwtAuthenticator",
        "JwtHeaders", "JwtPayload", "KeysReplace", "KeysToLower", "KeysToSnakeCase",
        "LegacySessionTokenAuthenticator", "LegacyToPerPartitionStateMigration", "ListPartitionRouter",
        "MinMaxDatetime", "MovingWindowCallRatePolicy", "NoAuth", "NoPagination", "OAuthAuthenticator",
        "OAuthConfigSpecification", "OffsetIncrement", "PageIncrement", "ParametrizedComponentsResolver",
        "ParentStreamConfig", "PredicateValidator", "PropertiesFromEndpoint", "PropertyChunking",
        "QueryProperties", "Rate", "RecordFilter", "RecordSelector", "RemoveFields", "RequestBodyGraphQL",
        "RequestBodyJsonObject", "RequestBodyPlainText", "RequestBodyUrlEncodedForm", "RequestOption",
        "RequestPath", "ResponseToFileExtractor", "SchemaTypeIdentifier", "SelectiveAuthenticator",
        "SessionTokenAuthenticator", "SessionTokenRequestApiKeyAuthenticator",
        "SessionTokenRequestBearerAuthenticator", "SimpleRetriever", "Spec", "StateDelegatingStream",
        "StreamConfig", "SubstreamPartitionRouter", "TypesMap", "UnlimitedCallRatePolicy",
        "ValidateAdheresToSchema", "WaitTimeFromHeader", "WaitUntilTimeFromHeader", "XmlDecoder",
        "ZipfileDecoder",
    };
}
