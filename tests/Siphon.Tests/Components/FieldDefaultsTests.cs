using Siphon.Components;
using Siphon.Manifest;
using Siphon.Tests.Compatibility;

namespace Siphon.Tests.Components;

/// <summary>
/// Every default and bound of the registry, pinned in one table: a default changes here and in its spec, and
/// nowhere else (the runtime reads it from the spec). Where the reference's schema has a default, it is the same
/// unless the field says how and why it differs.
/// </summary>
public sealed class FieldDefaultsTests
{
    private static readonly Dictionary<string, object?> Defaults = new(StringComparer.Ordinal)
    {
        ["AsyncPollingPolicy.initial_interval"] = "PT1S",
        ["AsyncPollingPolicy.max_interval"] = "PT30S",
        ["AsyncPollingPolicy.multiplier"] = 1.5,
        ["AsyncRetriever.polling_job_timeout"] = 60L,
        ["AsyncRetriever.max_attempts"] = 3L,
        ["AsyncRetriever.download_concurrency"] = 4L,
        ["CheckDynamicStream.use_check_availability"] = true,
        ["ComponentMappingDefinition.create_or_update"] = false,
        ["CsvDecoder.encoding"] = "utf-8",
        ["CsvDecoder.delimiter"] = ",",
        ["DatetimeBasedCursor.partition_field_start"] = "start_time",
        ["DatetimeBasedCursor.partition_field_end"] = "end_time",
        ["DatetimeBasedCursor.is_data_feed"] = false,
        ["DatetimeBasedCursor.is_client_side_incremental"] = false,
        ["DatetimeBasedCursor.is_compare_strictly"] = false,
        ["DatetimeBasedCursor.global_substream_cursor"] = false,
        ["DatetimeBasedCursor.allow_catalog_defined_cursor_field"] = false,
        ["DefaultErrorHandler.max_retries"] = 5L,
        ["DefaultErrorHandler.max_time"] = 600L,
        ["DpathFlattenFields.delete_origin_value"] = false,
        ["DpathFlattenFields.replace_record"] = false,
        ["DynamicDeclarativeStream.use_parent_parameters"] = true,
        ["ExponentialBackoffStrategy.factor"] = 5L,
        ["FlattenFields.flatten_lists"] = true,
        ["GroupingPartitionRouter.deduplicate"] = true,
        ["HTTPAPIBudget.status_codes_for_ratelimit_hit"] = new object?[] { 429L },
        ["HTTPAPIBudget.ratelimit_reset_header"] = "ratelimit-reset",
        ["HTTPAPIBudget.ratelimit_remaining_header"] = "ratelimit-remaining",
        ["HttpRequester.http_method"] = "GET",
        ["HttpRequester.use_cache"] = false,
        ["IncrementingCountCursor.allow_catalog_defined_cursor_field"] = false,
        ["JsonDecoder.encoding"] = "utf-8",
        ["JsonItemsDecoder.encoding"] = "utf-8",
        ["JsonlDecoder.encoding"] = "utf-8",
        ["JwtAuthenticator.base64_encode_secret_key"] = false,
        ["JwtAuthenticator.token_duration"] = 1200L,
        ["LegacySessionTokenAuthenticator.password"] = "",
        ["OAuthAuthenticator.grant_type"] = "refresh_token",
        ["OAuthAuthenticator.access_token_name"] = "access_token",
        ["OAuthAuthenticator.expires_in_name"] = "expires_in",
        ["OAuthAuthenticator.refresh_token_name"] = "refresh_token",
        ["OAuthAuthenticator.client_id_name"] = "client_id",
        ["OAuthAuthenticator.client_secret_name"] = "client_secret",
        ["OAuthAuthenticator.grant_type_name"] = "grant_type",
        ["OAuthAuthenticator.token_expiry_is_time_of_expiration"] = false,
        ["OAuthAuthenticator.use_profile_assertion"] = false,
        ["OAuthAuthenticator.send_refresh_request_as_query_params"] = false,
        ["OffsetIncrement.inject_on_first_request"] = false,
        ["PageIncrement.start_from_page"] = 0L,
        ["PageIncrement.inject_on_first_request"] = false,
        ["ParentStreamConfig.incremental_dependency"] = false,
        ["QuotaStatusSource.http_method"] = "GET",
        ["RateLimitedMultipleTokenAuthenticator.token_delimiter"] = ",",
        ["RateLimitedMultipleTokenAuthenticator.auth_method"] = "Bearer",
        ["RateLimitedMultipleTokenAuthenticator.header"] = "Authorization",
        ["RateLimitedMultipleTokenAuthenticator.max_wait_time"] = "PT2H",
        ["RateLimitedMultipleTokenAuthenticator.budget_reserve_fraction"] = 0.1,
        ["RateLimitedMultipleTokenAuthenticator.budget_min_reserve"] = 50L,
        ["RecordExpander.remain_original_record"] = false,
        ["RecordExpander.on_no_records"] = "skip",
        ["RecordSelector.transform_before_filtering"] = false,
        ["RecordSelector.schema_normalization"] = "None",
        ["ResponseToFileExtractor.preserve_na_values"] = false,
        ["SchemaTypeIdentifier.schema_pointer"] = Array.Empty<object?>(),
        ["SessionTokenRequestApiKeyAuthenticator.api_token"] = "{{ session_token }}",
        ["SimpleRetriever.ignore_stream_slicer_parameters_on_paginated_requests"] = false,
    };

    /// <summary>Type.field → (minimum, whether the minimum itself is out of range, maximum).</summary>
    private static readonly Dictionary<string, (double? Min, bool MinExclusive, double? Max)> Bounds = new(StringComparer.Ordinal)
    {
        ["AsyncRetriever.polling_job_timeout"] = (0, true, null),
        ["AsyncRetriever.max_attempts"] = (1, false, 100),
        ["AsyncRetriever.download_concurrency"] = (1, false, 64),
        ["CheckDynamicStream.stream_count"] = (1, false, null),
        ["FixedWindowCallRatePolicy.call_limit"] = (0, false, null),
        ["Rate.limit"] = (1, false, null),
    };

    [Fact]
    public void Registry_EveryDefault_IsPinnedInTheTable()
    {
        var registry = ComponentRegistry.Default.All.SelectMany(spec => spec.Fields.Where(f => f.Default is not null)
            .Select(f => (Key: $"{spec.Type}.{f.Name}", Value: ReferenceSchemaParityTests.Normalise(f.Default)))).ToList();

        Assert.Equal(Defaults.Select(d => (d.Key, ReferenceSchemaParityTests.Normalise(d.Value))).Order(), registry.Order());
    }

    [Fact]
    public void Registry_EveryBound_IsPinnedInTheTable()
    {
        var registry = ComponentRegistry.Default.All.SelectMany(spec => spec.Fields.Where(f => f.Min is not null || f.Max is not null)
            .Select(f => (Key: $"{spec.Type}.{f.Name}", Bound: (f.Min, f.MinExclusive, f.Max)))).ToList();

        Assert.Equal(Bounds.Select(b => (b.Key, b.Value)).Order(), registry.Order());
    }

    [SharedDataFact("airbyte-cdk-schema")]
    public void PinnedDefaults_WhereTheReferenceHasOne_AreTheReferencesOrSayWhyNot()
    {
        var mismatches = new List<string>();
        foreach (var (name, definition) in ReferenceSchemaParityTests.Definitions())
        {
            if (!ReferenceSchemaParityTests.TryGetSpec(name, definition, out var spec)) continue;
            foreach (var (field, property) in ReferenceSchemaParityTests.Properties(definition))
            {
                if ((property as ManifestMap)?["default"]?.ToValue() is not { } reference) continue;
                var pinned = Defaults.GetValueOrDefault($"{spec.Type}.{field}");
                if (!ReferenceSchemaParityTests.SameDefault(pinned, reference) && spec.FindField(field)?.ReferenceDifference is null)
                    mismatches.Add($"{spec.Type}.{field}: pinned {ReferenceSchemaParityTests.Normalise(pinned)}, the reference {ReferenceSchemaParityTests.Normalise(reference)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
