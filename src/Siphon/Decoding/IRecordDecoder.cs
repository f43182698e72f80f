namespace Siphon.Decoding;

/// <summary>
/// Turns a response body into values, reading the body as a stream: whatever its size, a decoder holds at most
/// one record (or one buffered read) in memory. A yielded value is usually a record or a whole response object
/// (a <see cref="Dictionary{TKey,TValue}"/> of the value model), which an extractor then selects from.
/// </summary>
public interface IRecordDecoder
{
    /// <summary>
    /// True when the decoder honours <see cref="DecodeContext.RecordPath"/> (JSON and XML documents), so the caller must
    /// not select the path again; other decoders yield rows or lines that the extractor still selects from.
    /// </summary>
    bool AppliesRecordPath { get; }

    /// <summary>Decodes <paramref name="body"/> (not disposed); a body that cannot be decoded is a <see cref="DecodeException"/>.</summary>
    IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, CancellationToken cancellationToken);
}

/// <summary>What a decoder needs to know about the body it reads.</summary>
/// <param name="Step">The job or request step that fetched the body ("download", "poll"...), named in every error.</param>
public sealed record DecodeContext(string Step)
{
    /// <summary>
    /// Where the records are inside a document, as a DpathExtractor's <c>field_path</c> (keys; <c>*</c> matches every key
    /// or item), or null to get whole documents. When set (even empty), a decoder that
    /// <see cref="IRecordDecoder.AppliesRecordPath">applies it</see> yields exactly what the extractor would: the items of
    /// the array found there (read one by one, never the whole array), else the value found when it is truthy, or with
    /// <c>*</c> each match. When null, a JSON decoder yields the items of a top-level array, or the document itself
    /// (even <c>{}</c>), as the reference's JsonDecoder does.
    /// </summary>
    public IReadOnlyList<string>? RecordPath { get; init; }

    /// <summary>The archive member being decoded, when the body came out of a zip file.</summary>
    public string? Member { get; init; }

    /// <summary>How errors name the place: the step, and the zip member if any.</summary>
    public string Where => Member is null ? Step : $"{Step} (zip member '{Member}')";
}
