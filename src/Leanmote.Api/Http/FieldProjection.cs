using System.Text.Json.Nodes;

namespace Leanmote.Api.Http;

/// <summary>Applies <c>fields=</c> (dot-paths for nested objects) to serialized data: objects, or arrays of objects.</summary>
public static class FieldProjection
{
    public static JsonNode? Project(JsonNode? data, IReadOnlyList<string> fields)
    {
        var tree = BuildTree(fields);
        return data switch
        {
            JsonArray array => new JsonArray([.. array.Select(item => ProjectObject(item, tree))]),
            _ => ProjectObject(data, tree),
        };
    }

    private sealed class PathTree : Dictionary<string, PathTree?>
    {
        public PathTree() : base(StringComparer.Ordinal) { }
    }

    /// <summary>A null subtree means "the whole value".</summary>
    private static PathTree BuildTree(IReadOnlyList<string> fields)
    {
        var root = new PathTree();
        foreach (var field in fields)
        {
            var node = root;
            var parts = field.Split('.');
            for (var i = 0; i < parts.Length; i++)
            {
                var last = i == parts.Length - 1;
                if (node.TryGetValue(parts[i], out var child))
                {
                    if (child is null) break;          // already taking the whole value
                    if (last) { node[parts[i]] = null; break; }
                    node = child;
                }
                else if (last)
                {
                    node[parts[i]] = null;
                }
                else
                {
                    var next = new PathTree();
                    node[parts[i]] = next;
                    node = next;
                }
            }
        }
        return root;
    }

    private static JsonNode? ProjectObject(JsonNode? node, PathTree tree)
    {
        if (node is not JsonObject source) return node?.DeepClone();
        var target = new JsonObject();
        foreach (var (name, subtree) in tree)
        {
            if (!source.TryGetPropertyValue(name, out var value)) continue;
            target[name] = subtree is null ? value?.DeepClone() : value switch
            {
                JsonArray array => new JsonArray([.. array.Select(item => ProjectObject(item, subtree))]),
                _ => ProjectObject(value, subtree),
            };
        }
        return target;
    }
}
