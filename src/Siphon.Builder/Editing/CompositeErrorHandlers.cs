namespace Siphon.Builder.Editing;

/// <summary>
/// A requester's <c>CompositeErrorHandler</c> as the form shows it: a list of handlers the default handler's form can
/// show, tried in order. Each is edited through a stand-in requester holding just that handler, so the default
/// handler's form works on it unchanged.
/// </summary>
public static class CompositeErrorHandlers
{
    public const string Type = "CompositeErrorHandler", ListKey = "error_handlers";

    /// <summary>True when the requester's handler is a composite whose every handler the form can show.</summary>
    public static bool CanShow(Dictionary<string, object?> requester) =>
        ErrorHandlers.Of(requester) is { } handler && handler.GetValueOrDefault("type") as string == Type
        && handler.Keys.All(k => k is "type" or ListKey)
        && handler.GetValueOrDefault(ListKey) is List<object?> list && list.All(h => h is Dictionary<string, object?> && ErrorHandlers.CanShow(StandIn(h)));

    /// <summary>One stand-in requester per handler, in order.</summary>
    public static IReadOnlyList<Dictionary<string, object?>> Handlers(Dictionary<string, object?> requester) =>
        ErrorHandlers.Of(requester)?.GetValueOrDefault(ListKey) is List<object?> list ? [.. list.Select(StandIn)] : [];

    /// <summary>Applies a default-handler change to handler <paramref name="index"/> and writes it back.</summary>
    public static void Change(Dictionary<string, object?> requester, int index, Action<Dictionary<string, object?>> change)
    {
        if (ErrorHandlers.Of(requester)?.GetValueOrDefault(ListKey) is not List<object?> list || index >= list.Count) return;
        var standIn = StandIn(list[index]);
        change(standIn);
        list[index] = standIn.GetValueOrDefault(ErrorHandlers.Key) ?? Empty();
    }

    /// <summary>Makes the handler a composite (the current handler first) and adds a new handler last.</summary>
    public static void Add(Dictionary<string, object?> requester)
    {
        if (ErrorHandlers.Of(requester) is { } handler && handler.GetValueOrDefault("type") as string == Type && handler.GetValueOrDefault(ListKey) is List<object?> list)
        {
            list.Add(Empty());
            return;
        }
        requester[ErrorHandlers.Key] = ManifestModel.Obj(("type", Type), (ListKey, new List<object?> { requester.GetValueOrDefault(ErrorHandlers.Key) ?? Empty(), Empty() }));
    }

    /// <summary>Removes handler <paramref name="index"/>; the last one left is the requester's handler again.</summary>
    public static void Remove(Dictionary<string, object?> requester, int index)
    {
        if (ErrorHandlers.Of(requester)?.GetValueOrDefault(ListKey) is not List<object?> list || index >= list.Count) return;
        list.RemoveAt(index);
        if (list.Count == 1) requester[ErrorHandlers.Key] = list[0];
    }

    private static Dictionary<string, object?> StandIn(object? handler) => handler is null ? [] : new(StringComparer.Ordinal) { [ErrorHandlers.Key] = handler };

    private static Dictionary<string, object?> Empty() => ManifestModel.Obj(("type", ErrorHandlers.Handler));
}
