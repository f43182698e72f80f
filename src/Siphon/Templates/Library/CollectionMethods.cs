namespace Siphon.Templates;

/// <summary>Dict methods (get, keys, values, items, and json() for legacy response values) and list methods (append, extend, index, count).</summary>
internal static partial class Methods
{
    private static object? DictMethod(Dictionary<string, object?> map, string name, CallArgs args)
    {
        switch (name)
        {
            case "get":
                args.Expect(name, 2);
                var key = args.Required(0, "key", name);
                return key is string k && map.TryGetValue(k, out var value) ? value : args.Get(1, "default");
            case "keys": args.Expect(name, 0); return map.Keys.Cast<object?>().ToList();
            case "values": args.Expect(name, 0); return map.Values.ToList();
            case "items":
                args.Expect(name, 0);
                var items = new List<object?>(map.Count);
                foreach (var (k2, v) in map) items.Add(new PyTuple { k2, v });
                return items;
            case "json" when !map.ContainsKey("json"):
                // Legacy manifests hold the raw response (stream_slice['create_job_response'].json()['reportId']);
                // Siphon keeps the decoded body as the mapping itself, so .json() is that mapping.
                args.Expect(name, 0);
                return map;
            default:
                // Jinja falls back from attribute to item, so x.k() calls the value under key k.
                if (map.TryGetValue(name, out var item)) throw PyError.Type($"'{PyText.TypeName(item)}' object is not callable");
                throw Missing(map, name);
        }
    }

    private static object? ListMethod(EvalContext context, List<object?> list, string name, CallArgs args)
    {
        switch (name)
        {
            case "append" when list is not PyTuple:
                args.Expect(name, 1);
                context.CheckCount(list.Count + 1L);
                list.Add(args.Required(0, "object", name));
                return null;
            case "extend" when list is not PyTuple:
                args.Expect(name, 1);
                var more = PyOps.Iterate(args.Required(0, "iterable", name));
                context.CheckCount((long)list.Count + more.Count);
                list.AddRange(more);
                return null;
            case "index":
                args.Expect(name, 1);
                var item = args.Required(0, "value", name);
                for (var i = 0; i < list.Count; i++)
                    if (PyOps.Equals(list[i], item, context)) return (long)i;
                throw new PyError($"{PyText.Repr(item)} is not in list");
            case "count":
                args.Expect(name, 1);
                var target = args.Required(0, "value", name);
                return (long)list.Count(element => PyOps.Equals(element, target, context));
            default: throw Missing(list, name);
        }
    }
}
