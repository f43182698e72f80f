namespace Siphon.Builder.Sessions;

/// <summary>
/// Asks the stream editor of this tab to open one of its tabs and focus its first invalid field: Test refused for an
/// invalid field takes the author to it instead of leaving a message to decode.
/// </summary>
public sealed class EditorFocus
{
    /// <summary>Raised with the stream and the editor tab to open.</summary>
    public event Action<string, string>? Requested;

    public void Request(string stream, string tab) => Requested?.Invoke(stream, tab);
}
