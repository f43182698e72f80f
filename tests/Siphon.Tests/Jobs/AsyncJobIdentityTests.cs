using Siphon.Jobs;
using Siphon.Partitions;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Jobs;

/// <summary>How logs and events name a job whose creation response has no top-level <c>id</c> (issue 18, part 4).</summary>
public sealed class AsyncJobIdentityTests
{
    private static AsyncJob Job(string creationResponse, params string[] pollingUrl) =>
        new(StreamSlice.Empty, "{}", 1, Json(creationResponse), DateTimeOffset.UnixEpoch, AsyncJob.IdPathIn(pollingUrl));

    [Theory]
    [InlineData("/exports/{{ creation_response['export']['ref_code'] }}")]
    [InlineData("/exports/{{ creation_response.export.ref_code }}/status")]
    [InlineData("/exports/{{ creation_response[\"export\"][\"ref_code\"] }}")]
    public void JobId_PollingUrlReadsANestedValue_IsThatValue(string pollingPath)
    {
        var job = Job("""{"export": {"ref_code": "e-17", "state": "queued"}, "id_hint": null}""", "{{ config['base_url'] }}", pollingPath);

        Assert.Equal("e-17", job.JobId);
    }

    [Fact]
    public void JobId_PollingUrlReadsNothingOfTheResponseAndNoUsualField_IsAShortHashStableAcrossHeaders()
    {
        var first = Job("""{"export": {"ref_code": "e-17"}, "headers": {"Date": "Mon, 01 Jan 2024 00:00:00 GMT"}}""", "/exports/latest");
        var again = Job("""{"export": {"ref_code": "e-17"}, "headers": {"Date": "Tue, 02 Jan 2024 00:00:00 GMT"}}""", "/exports/latest");
        var other = Job("""{"export": {"ref_code": "e-18"}}""", "/exports/latest");

        Assert.Matches("^#[0-9a-f]{8}$", first.JobId);
        Assert.Equal(first.JobId, again.JobId);
        Assert.NotEqual(first.JobId, other.JobId);
    }

    [Fact]
    public void JobId_UsualIdFieldAndNoPollingPath_IsTheIdField()
    {
        Assert.Equal("j-9", Job("""{"job_id": "j-9"}""", "/jobs/current").JobId);
    }
}
