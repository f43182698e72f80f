using Siphon.Runs;
using Siphon.Testing;

namespace Siphon.Tests.Testing;

/// <summary>The builder groups a test read's requests by what their step is, so a step's text can be reworded freely.</summary>
public sealed class StepGroupingTests
{
    private const string Stream = "items";

    public static TheoryData<StepKind> Kinds() => [.. Enum.GetValues<StepKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Classify_RewordedStepText_GroupsTheRequestTheSame(StepKind kind)
    {
        var worded = Classify(new Step(kind, Sample(kind)));

        foreach (var reworded in new[] { "something else entirely", "poll job 7", "create job", "read: obtain OAuth token", "download of job 7", "" })
        {
            var classified = Classify(new Step(kind, reworded));
            Assert.Equal((worded.Placement, worded.Kind), (classified.Placement, classified.Kind));
        }
    }

    [Fact]
    public void Classify_JobSteps_GroupByKindUnderTheirJob()
    {
        Assert.Equal((ExchangePlacement.JobStep, "create"), Grouping(Step.CreateJob));
        Assert.Equal((ExchangePlacement.JobStep, "poll"), Grouping(Step.PollJob("7f3a")));
        Assert.Equal((ExchangePlacement.JobStep, "download_target"), Grouping(Step.DownloadTargetOf("7f3a")));
        Assert.Equal((ExchangePlacement.Page, "download"), Grouping(Step.DownloadOf("7f3a")));
        Assert.Equal((ExchangePlacement.JobStep, "abort"), Grouping(Step.AbortJob("7f3a")));
        Assert.Equal((ExchangePlacement.JobStep, "delete"), Grouping(Step.DeleteJob("7f3a")));
        Assert.Equal((ExchangePlacement.Page, "page"), Grouping(Step.Page(Stream)));
        Assert.Equal((ExchangePlacement.Global, "auth"), Grouping(Step.Page(Stream).ObtainOAuthToken()));
        Assert.Equal((ExchangePlacement.Global, "auth"), Grouping(Step.PollJob("7f3a").LogIn()));
    }

    private static (ExchangePlacement, string) Grouping(Step step)
    {
        var classified = Classify(step);
        return (classified.Placement, classified.Kind);
    }

    private static TestReadExchange Classify(Step step) =>
        TestReadExchange.Classify(new HttpRequestSent(DateTimeOffset.UnixEpoch, step, 1, "GET", "http://127.0.0.1/x", [], null, 1,
            new RequestOrigin(Stream, "{}", 1, "7f3a")), Stream);

    private static string Sample(StepKind kind) => kind switch
    {
        StepKind.CreateJob => Step.CreateJob.Text,
        StepKind.PollJob => Step.PollJob("7f3a").Text,
        StepKind.OAuthToken => Step.Page(Stream).ObtainOAuthToken().Text,
        StepKind.LogIn => Step.Page(Stream).LogIn().Text,
        _ => Stream,
    };
}
