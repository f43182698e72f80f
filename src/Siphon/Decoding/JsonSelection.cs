using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Siphon.Decoding;

/// <summary>
/// Walks a streamed JSON document down a path and yields what a DpathExtractor with that <c>field_path</c> yields:
/// without <c>*</c>, the items of the array found there (read one at a time, so the array is never buffered), else the
/// value itself when it is truthy; with <c>*</c> (any key or item), every match as it is. A numeric key picks an array
/// item. Whatever is off the path is skipped token by token. In items-only mode (JsonItemsDecoder, ijson's
/// <c>path.item</c>) only array items are yielded and the key <c>item</c> also steps into arrays.
/// </summary>
internal static class JsonSelection
{
    /// <param name="path">The record path; null yields whole documents (a top-level array's items, else the value, even if falsy).</param>
    public static async IAsyncEnumerable<object?> SelectAsync(Utf8JsonStreamReader json, IReadOnlyList<string>? path,
        bool itemsOnly, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await json.IsEmptyAsync(cancellationToken).ConfigureAwait(false)) yield break;
        var wildcard = path?.Contains("*") == true;
        var mode = new Mode(wildcard, itemsOnly, Documents: path is null);
        await foreach (var value in SelectAsync(json, path ?? [], 0, mode, cancellationToken).ConfigureAwait(false))
            yield return value;
        // Reading past the document makes the reader reject anything after it.
        await json.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
    }

    private readonly record struct Mode(bool Wildcard, bool ItemsOnly, bool Documents);

    private static async IAsyncEnumerable<object?> SelectAsync(Utf8JsonStreamReader json, IReadOnlyList<string> path, int depth,
        Mode mode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (depth == path.Count)
        {
            var next = await json.PeekTokenAsync(cancellationToken).ConfigureAwait(false);
            if (next == JsonTokenType.StartArray && !mode.Wildcard)
            {
                await json.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
                while (await json.ReadValueAsync(cancellationToken).ConfigureAwait(false) is (false, var item))
                {
                    // Items come from the buffer without a read for hundreds at a time, so cancellation is checked here too.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return item;
                }
            }
            else if (mode.ItemsOnly)
                await json.SkipAsync(await json.ReadTokenAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            else
            {
                var (_, value) = await json.ReadValueAsync(cancellationToken).ConfigureAwait(false);
                if (mode.Wildcard || mode.Documents || IsTruthy(value)) yield return value;
            }
            yield break;
        }

        var key = path[depth];
        var start = await json.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
        if (start == JsonTokenType.StartObject)
        {
            while (await json.ReadTokenAsync(cancellationToken).ConfigureAwait(false) == JsonTokenType.PropertyName)
            {
                if (key == "*" || json.PropertyName == key)
                {
                    await foreach (var value in SelectAsync(json, path, depth + 1, mode, cancellationToken).ConfigureAwait(false))
                        yield return value;
                }
                else
                    await json.SkipAsync(await json.ReadTokenAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
        }
        else if (start == JsonTokenType.StartArray)
        {
            var index = int.TryParse(key, out var i) ? i : -1;
            for (var position = 0; await json.PeekTokenAsync(cancellationToken).ConfigureAwait(false) != JsonTokenType.EndArray; position++)
            {
                if (key == "*" || (mode.ItemsOnly && key == "item") || position == index)
                {
                    await foreach (var value in SelectAsync(json, path, depth + 1, mode, cancellationToken).ConfigureAwait(false))
                        yield return value;
                }
                else
                    await json.SkipAsync(await json.ReadTokenAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            await json.ReadTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        else
            await json.SkipAsync(start, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Python truthiness, as the reference's extractor tests what it found.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };
}
