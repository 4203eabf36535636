using System.Text;
using GradientWeb.Engine.Data;

namespace GradientWeb.Engine.Tests.Data;

public sealed class CsvTableTests
{
    private static CsvTable Parse(string text, CsvLimits? limits = null) => CsvTable.Parse(new StringReader(text), limits ?? new CsvLimits());

    [Theory]
    [InlineData("x,y\n1,2\n3,4\n")]
    [InlineData("x;y\r\n1;2\r\n3;4")]
    [InlineData("x\ty\n1\t2\n3\t4\n\n\n")]
    [InlineData("\"x\",\"y\"\n\"1\",2\n3,\"4\"\n")]
    [InlineData(" x , y \n 1 , 2 \n3,4\n   \n")]
    public void Reads_the_common_dialects(string text)
    {
        var table = Parse(text);
        Assert.Equal(["x", "y"], table.Columns);
        Assert.Equal([1f, 3f], table.Values[0]);
        Assert.Equal([2f, 4f], table.Values[1]);
        Assert.True(table.HasHeader);
    }

    [Fact]
    public void A_utf8_bom_is_not_part_of_the_first_name()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("temp,sales\n1.5,2e1\n")).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes));
        var table = CsvTable.Parse(reader, new CsvLimits());
        Assert.Equal(["temp", "sales"], table.Columns);
        Assert.Equal([1.5f], table.Values[0]);
        Assert.Equal([20f], table.Values[1]);
    }

    [Fact]
    public void Without_a_header_the_columns_are_named_x1_to_y()
    {
        var table = Parse("1,2,3\n4,5,6\n");
        Assert.False(table.HasHeader);
        Assert.Equal(["x1", "x2", "y"], table.Columns);
        Assert.Equal(2, table.Rows);
        Assert.Equal(["x", "y"], Parse("1,2\n").Columns);
    }

    [Theory]
    [InlineData("x,y\n1,2\n3,abc\n", 3, "y", "not a number")]
    [InlineData("x,y\n1,2\n3,4,5\n", 3, null, "3 cells")]
    [InlineData("x,y\n1,NaN\n", 2, "y", "finite")]
    [InlineData("x,y\n1,Infinity\n", 2, "y", "finite")]
    [InlineData("x,y\n1e39,1\n", 2, "x", "finite")]
    [InlineData("x,y\n1,\n", 2, "y", "empty")]
    [InlineData("x,y\n1,2\n3,4,5", 3, null, "3 cells")]
    [InlineData("x,y\n1,2\n\n5\n", 4, null, "1 cells")]
    [InlineData("x,y\n1,\"2\n", 3, null, "unclosed quote")]
    [InlineData("x,y\n", null, null, "no data rows")]
    [InlineData("", null, null, "no data rows")]
    [InlineData("x\n1\n2\n", 1, null, "one column")]
    [InlineData("x,x\n1,2\n", 1, "x", "Two columns")]
    [InlineData("x,,y\n1,2,3\n", 1, "#2", "no name")]
    [InlineData("x,y\n1,2\n1,2,\n", 3, null, "3 cells")]
    [InlineData("x,y\n1,2\n1,2\n1,2\n1,2\n", 5, null, "more than 3 rows")]
    [InlineData("a,b,c,d,e\n1,2,3,4,5\n", 1, null, "at most 4")]
    [InlineData("x,y\n1,2\n3,4;5\n", 3, "y", "not a number")]
    public void Refuses_bad_files_naming_the_line_and_column(string text, int? line, string? column, string message)
    {
        var ex = Assert.Throws<DataFormatException>(() => Parse(text, new CsvLimits(MaxRows: 3, MaxColumns: 4)));
        Assert.Equal(line, ex.Row);
        Assert.Equal(column, ex.Column);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decimal_commas_are_refused_rather_than_misread()
    {
        // "1,5;2" is semicolon-separated with a decimal comma: refused, never silently read as 15.
        var ex = Assert.Throws<DataFormatException>(() => Parse("x;y\n1,5;2\n"));
        Assert.Equal("x", ex.Column);
    }
}
