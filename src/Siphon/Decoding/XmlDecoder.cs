using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using Siphon.Components;
using Siphon.Values;

namespace Siphon.Decoding;

/// <summary>
/// <c>XmlDecoder</c>: an XML body mapped the way the reference's xmltodict maps it: the document is
/// <c>{"root": value}</c>; an element's attributes are <c>"@name"</c> keys, then its child elements by name (a name met
/// again turns into a list, in document order), then its text under <c>"#text"</c> (text pieces joined, trimmed). An
/// element with neither attributes nor children is its text, or null when empty. Namespaces are not processed:
/// prefixes stay in names (<c>ns:item</c>) and <c>xmlns</c> declarations are attributes. All values are strings.
/// With a record path (element names from the root, <c>*</c> for any), matching elements are read one at a time.
/// </summary>
internal sealed class XmlDecoder : IRecordDecoder
{
    public static readonly ComponentSpec Spec = new("XmlDecoder", ComponentKind.Decoder,
        "Decodes an XML body into a document with @attributes and #text, as xmltodict does.", [])
    {
        Factory = (_, _) => new XmlDecoder(),
        Example = "type: XmlDecoder\n",
    };

    public bool AppliesRecordPath => true;

    public async IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings
        {
            Async = true, DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true, IgnoreProcessingInstructions = true,
            CloseInput = false, XmlResolver = null,
        };
        using var reader = XmlReader.Create(body, settings);
        var path = context.RecordPath ?? [];
        var entered = 0;   // elements on the path the walk is inside
        var advance = true;
        while (true)
        {
            if (advance && !await ReadAsync(reader, context).ConfigureAwait(false)) break;
            advance = true;
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.EndElement) { entered--; continue; }
            if (reader.NodeType != XmlNodeType.Element) continue;
            var name = reader.Name;
            // The reader hands out <html> before it trips on HTML's unclosed tags: say what the body is.
            if (reader.Depth == 0 && name.Equals("html", StringComparison.OrdinalIgnoreCase))
                throw new DecodeException(context, "expected XML but the body looks like HTML (its root element is <" + name + ">)",
                    line: (reader as IXmlLineInfo)?.LineNumber, failure: DecodeFailure.ErrorPage);
            if (path.Count == 0 || (entered == path.Count - 1 && Matches(path[entered], name)))
            {
                var value = await ReadElementAsync(reader, context).ConfigureAwait(false);
                if (path.Count == 0)
                {
                    var document = JsonValues.NewObject(1);
                    document[name] = value;
                    yield return document;
                }
                else if (JsonSelection.IsTruthy(value))
                    yield return value;
            }
            else if (entered < path.Count && Matches(path[entered], name))
            {
                if (!reader.IsEmptyElement) entered++;
            }
            else
            {
                // Skip leaves the reader on the node after the element, which the next turn must not read past.
                try
                {
                    await reader.SkipAsync().ConfigureAwait(false);
                }
                catch (XmlException e)
                {
                    throw Malformed(context, e);
                }
                advance = false;
                if (reader.EOF) break;
            }
        }
    }

    private static async Task<bool> ReadAsync(XmlReader reader, DecodeContext context)
    {
        try
        {
            return await reader.ReadAsync().ConfigureAwait(false);
        }
        catch (XmlException e) when (e.Message.StartsWith("Root element is missing", StringComparison.Ordinal))
        {
            return false; // an empty body (or a bare declaration) holds no records
        }
        catch (XmlException e)
        {
            throw Malformed(context, e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // XmlReader's async path fails this way on some damaged declarations (an invalid byte inside <?xml ... ?>).
            throw new DecodeException(context, "malformed XML: the reader could not decode the text (an invalid byte in the declaration or the encoding?)", inner: e);
        }
    }

    private static bool Matches(string key, string name) => key == "*" || key == name;

    /// <summary>Reads the element the reader is on, up to and including its end tag, as xmltodict maps it.</summary>
    private static async Task<object?> ReadElementAsync(XmlReader reader, DecodeContext context)
    {
        try
        {
            Dictionary<string, object?>? item = null;
            if (reader.HasAttributes)
            {
                item = JsonValues.NewObject(reader.AttributeCount);
                while (reader.MoveToNextAttribute()) item["@" + reader.Name] = reader.Value;
                reader.MoveToElement();
            }
            if (reader.IsEmptyElement) return item;
            // Elements are read recursively: a hostile depth must end in an error, not a stack overflow.
            if (reader.Depth > MaxDepth) throw new DecodeException(context, $"XML nests deeper than {MaxDepth} elements", line: (reader as IXmlLineInfo)?.LineNumber);
            StringBuilder? text = null;
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        var name = reader.Name;
                        var child = await ReadElementAsync(reader, context).ConfigureAwait(false);
                        item ??= JsonValues.NewObject();
                        Push(item, name, child);
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        (text ??= new StringBuilder()).Append(reader.Value);
                        break;
                    case XmlNodeType.EndElement:
                        var data = text?.ToString().Trim();
                        if (string.IsNullOrEmpty(data)) return item;
                        if (item is null) return data;
                        Push(item, "#text", data);
                        return item;
                }
            }
            throw new XmlException("Unexpected end of file.");
        }
        catch (XmlException e)
        {
            throw Malformed(context, e);
        }
    }

    /// <summary>xmltodict's push_data: a name met again turns its value into a list (values are never lists otherwise).</summary>
    private static void Push(Dictionary<string, object?> item, string key, object? value)
    {
        if (!item.TryGetValue(key, out var existing)) item[key] = value;
        else if (existing is List<object?> list) list.Add(value);
        else item[key] = new List<object?> { existing, value };
    }

    private const int MaxDepth = 500;

    private static DecodeException Malformed(DecodeContext context, XmlException e)
    {
        var reason = e.Message;
        var cut = reason.LastIndexOf(" Line ", StringComparison.Ordinal);
        if (cut > 0) reason = reason[..cut];
        if (e.LineNumber == 1 && e.LinePosition <= 1 && reason.Contains("Data at the root level is invalid", StringComparison.Ordinal))
            reason = "the body does not start with an XML element";
        var failure = reason.StartsWith("Unexpected end of file", StringComparison.Ordinal) ? DecodeFailure.Truncated : DecodeFailure.Malformed;
        return new DecodeException(context, $"malformed XML at line {e.LineNumber}, column {e.LinePosition}: {reason}", line: e.LineNumber, inner: e, failure: failure);
    }
}
