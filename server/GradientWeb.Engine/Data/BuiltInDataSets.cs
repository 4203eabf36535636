namespace GradientWeb.Engine.Data;

/// <summary>The lectures' data sets, by name.</summary>
public static class BuiltInDataSets
{
    private static readonly Dictionary<string, Lazy<DataSet>> Sets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["icecream"] = new(IceCream.Create),
    };

    public static IReadOnlyCollection<string> Names => Sets.Keys;

    public static bool TryGet(string name, out DataSet dataSet)
    {
        if (Sets.TryGetValue(name, out var lazy))
        {
            dataSet = lazy.Value;
            return true;
        }

        dataSet = null!;
        return false;
    }
}
