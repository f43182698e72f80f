namespace Siphon.Decoding;

/// <summary>
/// A body that cannot be decoded: the message names the step, where in the body the problem is and what was expected,
/// e.g. <c>download: malformed JSON at byte 1832 (line 40, column 7): expected ',' or ']'</c>.
/// </summary>
public sealed class DecodeException : Exception
{
    public DecodeException(DecodeContext context, string detail, long? offset = null, long? line = null, Exception? inner = null,
        DecodeFailure failure = DecodeFailure.Malformed)
        : base($"{context.Where}: {detail}", inner)
    {
        Failure = failure;
        Step = context.Step;
        Member = context.Member;
        Offset = offset;
        Line = line;
    }

    public string Step { get; }

    /// <summary>What went wrong, which decides whether fetching the body again can help.</summary>
    public DecodeFailure Failure { get; }

    /// <summary>The zip member, when the body came out of an archive.</summary>
    public string? Member { get; }

    /// <summary>Byte offset (from 0) in the decoded body where the problem was found, when known.</summary>
    public long? Offset { get; }

    /// <summary>Line (from 1) where the problem was found, when known.</summary>
    public long? Line { get; }
}

/// <summary>Why a body could not be decoded.</summary>
public enum DecodeFailure
{
    /// <summary>The body is in the expected format but broken: fetching it again gives the same bytes.</summary>
    Malformed,

    /// <summary>The body ends early (a cut connection, a short write): a fresh download may be whole.</summary>
    Truncated,

    /// <summary>An HTML page came where data was expected: a proxy's or CDN's error page, as transient as a 503.</summary>
    ErrorPage,
}
