using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GradientWeb.Server.Api;

/// <summary>
/// System.Text.Json's messages in plain words: "could not be converted to System.Nullable`1[System.UInt64]" becomes
/// "expected a whole number from 0 up", an unmapped member "is not a field here". No .NET type name reaches a 400.
/// </summary>
internal static partial class JsonErrorText
{
    /// <summary>The field the error is at ("dataset.x[3]"; "body" for the whole document).</summary>
    public static string Field(JsonException ex) =>
        string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path.TrimStart('$');

    /// <summary>What went wrong, without .NET type names or the path (the field says where).</summary>
    public static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        message = cut >= 0 ? message[..cut] : message;

        if (Unmapped().Match(message) is { Success: true } unmapped)
        {
            return $"'{unmapped.Groups["name"].Value}' is not a field here; check its spelling and where it is nested (the API documentation at /swagger lists every field).";
        }

        if (Converted().Match(message) is { Success: true } converted)
        {
            return $"Expected {Plain(converted.Groups["type"].Value)}.";
        }

        // Anything else (a duplicate property, a converter's own message): keep the words, drop any type name.
        return TypeName().Replace(message, m => Plain(m.Value));
    }

    /// <summary>A .NET type name as a reader of the API would say it: "a number", "a list of numbers", "an object".</summary>
    public static string Plain(string typeName)
    {
        var position = 0;
        return Parse(typeName, ref position);
    }

    private static string Parse(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && text[position] is not ('`' or '[' or ']' or ','))
        {
            position++;
        }

        var name = text[start..position].Trim();
        var arguments = new List<string>();
        if (position < text.Length && text[position] == '`')
        {
            while (position < text.Length && text[position] != '[')
            {
                position++;
            }

            position++; // '['
            while (position < text.Length)
            {
                arguments.Add(Parse(text, ref position));
                if (position >= text.Length || text[position++] == ']')
                {
                    break;
                }
            }
        }

        var isArray = position + 1 < text.Length && text[position] == '[' && text[position + 1] == ']';
        if (isArray)
        {
            position += 2;
        }

        var simple = name[(name.LastIndexOf('.') + 1)..];
        var plain = simple switch
        {
            "Nullable" when arguments.Count == 1 => arguments[0],
            "Double" or "Single" or "Decimal" or "Half" => "a number",
            "Int32" or "Int64" or "Int16" or "Byte" or "SByte" => "a whole number",
            "UInt64" or "UInt32" or "UInt16" => "a whole number from 0 up",
            "Boolean" => "true or false",
            "String" or "Char" => "a string",
            "JsonElement" or "JsonNode" or "Object" => "a JSON value",
            "IReadOnlyList" or "List" or "IList" or "IEnumerable" or "ICollection" or "IReadOnlyCollection" or "ImmutableArray" when arguments.Count == 1 => ListOf(arguments[0]),
            "Dictionary" or "IDictionary" or "IReadOnlyDictionary" => "an object",
            _ when EnumNamed(name) is { } values => $"one of {values}",
            _ => "an object",
        };
        return isArray ? ListOf(plain) : plain;
    }

    // An enum of ours is written as its camelCase names.
    private static string? EnumNamed(string name) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("GradientWeb", StringComparison.Ordinal) == true)
            .Select(a => a.GetType(name))
            .FirstOrDefault(t => t is { IsEnum: true }) is { } type
            ? string.Join(", ", Enum.GetNames(type).Select(n => $"'{JsonNamingPolicy.CamelCase.ConvertName(n)}'"))
            : null;

    private static string ListOf(string element) => element switch
    {
        "a number" => "a list of numbers",
        "a whole number" => "a list of whole numbers",
        "a whole number from 0 up" => "a list of whole numbers from 0 up",
        "a string" => "a list of strings",
        "true or false" => "a list of true/false values",
        "an object" => "a list of objects",
        _ => new StringBuilder("a list whose items are each ").Append(element).ToString(),
    };

    [GeneratedRegex("^The JSON property '(?<name>[^']*)' could not be mapped to any \\.NET member")]
    private static partial Regex Unmapped();

    [GeneratedRegex("could not be converted to (?<type>.+?)\\.?$")]
    private static partial Regex Converted();

    // Namespaced names with their generic arguments: System.Nullable`1[System.Int32], GradientWeb.Server.Contracts.InitRequest.
    [GeneratedRegex(@"(?:System|GradientWeb|Microsoft)(?:\.[\w`]+)+(?:\[[^\s]*\])?")]
    private static partial Regex TypeName();
}
