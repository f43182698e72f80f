using System.Reflection;
using System.Reflection.Emit;

namespace Siphon.Tests.Architecture;

/// <summary>
/// Which of an assembly's namespaces use which others, read from the compiled assembly.
/// </summary>
/// <remarks>
/// Signatures alone (fields, properties, parameters, base types) miss most real dependencies: a method that builds a
/// <c>new Runs.HttpRequestSent(...)</c> or calls a static helper shows it only in its body. So the bodies' IL is read
/// too: every operand that is a metadata token (calls, field accesses, <c>newobj</c>, casts, <c>ldtoken</c>) is
/// resolved to its member or type. Compiler-generated types (lambdas, async state machines, iterators) are nested in
/// the type that wrote them and share its namespace, so their bodies count for it. Namespaces are grouped by their
/// first segment under the root (<c>Siphon.Http.Auth</c> counts as <c>Siphon.Http</c>): a capability folder is the
/// unit the design speaks of, and its sub-folders may use one another. Types in the root namespace itself (the run
/// context: events, steps, time, redaction, state, budget, limits) count as the capability <c>""</c>.
/// </remarks>
internal static class NamespaceDependencies
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                          BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>
    /// Each capability namespace of <paramref name="assembly"/> → the capability namespaces it uses, with one type pair
    /// that shows each use. The <paramref name="compositionRoots"/> (and the types nested in them) are left out: they
    /// refer to every part by design, the list that wires the parts together.
    /// </summary>
    public static Dictionary<string, Dictionary<string, string>> Of(Assembly assembly, string root, params Type[] compositionRoots)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var from = Capability(type, root);
            if (from is null || compositionRoots.Contains(Outermost(type))) continue;
            foreach (var used in UsedTypes(type))
            {
                var to = Capability(used, root);
                if (to is null || to == from || used.Assembly != assembly) continue;
                var edges = graph.TryGetValue(from, out var existing) ? existing : graph[from] = new(StringComparer.Ordinal);
                edges.TryAdd(to, $"{type.FullName} uses {used.FullName}");
            }
        }
        return graph;
    }

    /// <summary>Every cycle's namespaces, one strongly connected component of more than one namespace each (Tarjan).</summary>
    public static List<List<string>> Cycles(Dictionary<string, Dictionary<string, string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<List<string>>();
        var next = 0;

        void Visit(string node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var to in graph.TryGetValue(node, out var edges) ? edges.Keys.ToList() : [])
            {
                if (!index.ContainsKey(to)) { Visit(to); low[node] = Math.Min(low[node], low[to]); }
                else if (onStack.Contains(to)) low[node] = Math.Min(low[node], index[to]);
            }
            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do { member = stack.Pop(); onStack.Remove(member); component.Add(member); } while (member != node);
            if (component.Count > 1) cycles.Add(component.Order(StringComparer.Ordinal).ToList());
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(node)) Visit(node);
        return cycles;
    }

    private static Type Outermost(Type type)
    {
        while (type.IsNested) type = type.DeclaringType!;
        return type;
    }

    private static string? Capability(Type type, string root)
    {
        type = Outermost(type);
        var name = type.Namespace;
        if (name is null || !(name == root || name.StartsWith(root + ".", StringComparison.Ordinal))) return null;
        var rest = name.Length == root.Length ? "" : name[(root.Length + 1)..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? used)
        {
            if (used is null) return;
            if (used.HasElementType) { Add(used.GetElementType()); return; }
            if (used.IsGenericParameter) return;
            if (!found.Add(used)) return;
            if (used.IsGenericType && !used.IsGenericTypeDefinition)
                foreach (var argument in used.GetGenericArguments()) Add(argument);
        }

        Add(type.BaseType);
        foreach (var contract in type.GetInterfaces()) Add(contract);
        foreach (var field in type.GetFields(Declared)) Add(field.FieldType);
        foreach (var property in type.GetProperties(Declared)) Add(property.PropertyType);
        foreach (var evt in type.GetEvents(Declared)) Add(evt.EventHandlerType);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info) Add(info.ReturnType);
            foreach (var parameter in method.GetParameters()) Add(parameter.ParameterType);
            var body = method.GetMethodBody();
            if (body is null) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType);
            foreach (var used in TypesInIl(method, body.GetILAsByteArray() ?? [])) Add(used);
        }
        return found;
    }

    private static IEnumerable<Type?> TypesInIl(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } owner ? owner.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at++];
            if (value == 0xFE) value = (short)(0xFE00 | il[at++]);
            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    MemberInfo? member = null;
                    try { member = module.ResolveMember(token, typeArguments, methodArguments); }
                    catch (ArgumentException) { }
                    yield return member switch
                    {
                        Type used => used,
                        FieldInfo field => field.DeclaringType,
                        MethodBase called => called.DeclaringType,
                        _ => null,
                    };
                    if (member is FieldInfo accessed) yield return accessed.FieldType;
                    if (member is MethodInfo target) yield return target.ReturnType;
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    at += code.OperandType switch
                    {
                        OperandType.InlineNone => 0,
                        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                        OperandType.InlineVar => 2,
                        OperandType.InlineI8 or OperandType.InlineR => 8,
                        _ => 4,
                    };
                    break;
            }
        }
    }
}
