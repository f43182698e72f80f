using System.Text.Json;
using Siphon.Testing;
using Siphon.Values;

namespace Siphon.Builder.Sessions;

/// <summary>
/// What the next Test of this tab reads with: the limits, and the input state it starts from (JSON text as typed). The
/// session holds it because the stream limit also bounds "Generate streams" in the sidebar, not only a Test.
/// </summary>
public sealed class TestSettingsModel
{
    public int Records { get; set; } = TestReadLimits.DefaultRecords;
    public int Pages { get; set; } = TestReadLimits.DefaultPagesPerSlice;
    public int Slices { get; set; } = TestReadLimits.DefaultSlices;
    public int Streams { get; set; } = TestReadLimits.DefaultStreams;

    /// <summary>The stream_state to start from, as the author wrote it; empty for none.</summary>
    public string State { get; set; } = "";

    public TestReadLimits Limits => new() { Records = Records, PagesPerSlice = Pages, Slices = Slices, Streams = Streams };

    /// <summary>Why <see cref="State"/> is not a usable state, or null.</summary>
    public string? StateProblem => Parse(State).Problem;

    /// <summary>The input state as the test read takes it: null when none is set (or it does not parse).</summary>
    public Dictionary<string, object?>? StateValue => Parse(State).Value;

    public void Reset()
    {
        Records = TestReadLimits.DefaultRecords;
        Pages = TestReadLimits.DefaultPagesPerSlice;
        Slices = TestReadLimits.DefaultSlices;
        Streams = TestReadLimits.DefaultStreams;
        State = "";
    }

    private static (Dictionary<string, object?>? Value, string? Problem) Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        try
        {
            return JsonValues.Parse(text) is Dictionary<string, object?> state ? (state, null) : (null, "the input state must be a JSON object, e.g. {\"updated_at\": \"2024-01-01T00:00:00Z\"}");
        }
        catch (JsonException e)
        {
            return (null, $"the input state is not valid JSON: {e.Message}");
        }
    }
}
