using Microsoft.AspNetCore.Components;
using Siphon.Builder.TestRecords;

namespace Siphon.Builder.Components;

/// <summary>A session component that also shows the project's stream test records, re-rendered when a test keeps one.</summary>
public abstract class TestRecordComponent : SessionComponent
{
    [Inject] protected StreamTestRecords Records { get; set; } = default!;

    protected override void OnInitialized()
    {
        base.OnInitialized();
        Records.Recorded += OnRecorded;
    }

    /// <summary>The selected project's last test of the stream, or null when it was never tested.</summary>
    protected StreamTestRecord? RecordOf(string stream) => Session.Project is { } project ? Records.Find(project, stream) : null;

    private void OnRecorded(string project)
    {
        if (Session.Project?.Directory == project) _ = InvokeAsync(StateHasChanged);
    }

    public override void Dispose()
    {
        Records.Recorded -= OnRecorded;
        base.Dispose();
    }
}
