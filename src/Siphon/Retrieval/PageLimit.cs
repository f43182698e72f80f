
namespace Siphon.Retrieval;

/// <summary>What paginating retrievers report after each page, and the test read's pages-per-slice limit.</summary>
internal static class PageLimit
{
    public static void PageRead(RetrievalContext context, string slice, long exchange, int records)
    {
        if (context.Events.IsEnabled)
            context.Events.Publish(new PageRead(context.Time.GetUtcNow(), Step.Page(context.StreamName), context.StreamName, slice, exchange, records));
    }

    /// <summary>Whether a slice that read <paramref name="pagesRead"/> pages and has another must stop (reported once, when it does).</summary>
    public static bool Reached(RetrievalContext context, string slice, int pagesRead)
    {
        if (context.Limits?.MaxPagesPerSlice is not { } max || pagesRead < max) return false;
        if (context.Events.IsEnabled)
            context.Events.Publish(new ReadLimitReached(context.Time.GetUtcNow(), Step.Page(context.StreamName), context.StreamName, "pages", slice));
        return true;
    }
}
