namespace Siphon.DuckDb.Tests;

public sealed class NewKeyFilterTests
{
    [Fact]
    public void TryAddNew_SameKeyTwice_IsNewOnlyTheFirstTime()
    {
        var filter = new NewKeyFilter(capacity: 1000);
        var hash = NewKeyFilter.Mix(42);
        Assert.True(filter.TryAddNew(hash));
        Assert.False(filter.TryAddNew(hash));
    }

    [Fact]
    public void TryAddNew_EveryKeyAddedBefore_IsNeverNewAgain()
    {
        var filter = new NewKeyFilter(capacity: 100_000);
        for (ulong key = 0; key < 100_000; key++) filter.TryAddNew(NewKeyFilter.Mix(key));
        for (ulong key = 0; key < 100_000; key++) Assert.False(filter.TryAddNew(NewKeyFilter.Mix(key)));
    }

    [Fact]
    public void TryAddNew_DistinctKeysUpToCapacity_FewAreTakenForWrittenOnes()
    {
        const int capacity = 100_000;
        var filter = new NewKeyFilter(capacity);
        var perhapsWritten = 0;
        for (ulong key = 0; key < capacity; key++)
            if (!filter.TryAddNew(NewKeyFilter.Mix(key))) perhapsWritten++;
        // A false "perhaps written" costs a merge, not correctness; about 1 % at capacity is the design point.
        Assert.InRange(perhapsWritten, 0, capacity * 3 / 100);
    }

    [Fact]
    public void TryAddNew_Full_AnswersPerhapsWrittenForEveryKey()
    {
        var filter = new NewKeyFilter(capacity: 2);
        Assert.True(filter.TryAddNew(NewKeyFilter.Mix(1)));
        Assert.True(filter.TryAddNew(NewKeyFilter.Mix(2)));
        Assert.False(filter.TryAddNew(NewKeyFilter.Mix(3)));
    }
}
