using Siphon.Testing;

namespace Siphon.Builder.Tests;

public sealed class ProgressLineTests
{
    [Fact]
    public void Of_PollOfARunningJob_SaysTheStatusChangeAndWhenTheNextPollIs()
    {
        var item = new TestReadProgress { Kind = "job_polled", Message = "job 1 poll #2", Poll = 2, RawStatus = "pending", MappedStatus = "running", NextPollSeconds = 1.5 };

        Assert.Equal("poll #2: pending → running, next poll in 1.5s", ProgressLine.Of(item));
    }

    [Fact]
    public void Of_FinalPoll_HasNoNextPoll()
    {
        var item = new TestReadProgress { Kind = "job_polled", Message = "job 1 poll #3", Poll = 3, RawStatus = "ready", MappedStatus = "completed" };

        Assert.Equal("poll #3: ready → completed", ProgressLine.Of(item));
    }

    [Fact]
    public void Of_OtherProgress_IsItsMessage()
    {
        Assert.Equal("job 1 created (attempt 1)", ProgressLine.Of(new TestReadProgress { Kind = "job_created", Message = "job 1 created (attempt 1)" }));
    }

    [Theory]
    [InlineData(0.03, "0.03s")]
    [InlineData(2.25, "2.3s")]
    [InlineData(1, "1s")]
    [InlineData(1.5, "1.5s")]
    [InlineData(30, "30s")]
    [InlineData(150, "2m 30s")]
    [InlineData(120, "2m")]
    public void Duration_IsShortAndReadable(double seconds, string expected) => Assert.Equal(expected, ProgressLine.Duration(seconds));
}
