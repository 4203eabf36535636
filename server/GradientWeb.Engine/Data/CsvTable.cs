using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace GradientWeb.Engine.Data;

/// <summary>Caps on a CSV (documented in the README; the server binds them from configuration).</summary>
public sealed record CsvLimits(int MaxRows = 100_000, int MaxColumns = 64);

/// <summary>A CSV cell or row the reader refused: where (1-based line and column) and why.</summary>
public sealed class DataFormatException(string message, int? row = null, string? column = null) : Exception(message)
{
    /// <summary>The file's 1-based line number (the header, when there is one, is line 1).</summary>
    public int? Row { get; } = row;

    public string? Column { get; } = column;
}

/// <summary>
/// A numeric table read from CSV with CsvHelper: comma, semicolon or tab; quoted cells; a header row or none
/// (then columns are named x1 … y); a UTF-8 BOM; blank lines skipped; '.' decimals only.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(IReadOnlyList<string> columns, float[][] values, bool hasHeader)
    {
        Columns = columns;
        Values = values;
        HasHeader = hasHeader;
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>One array per column.</summary>
    public float[][] Values { get; }

    public int Rows => Values.Length == 0 ? 0 : Values[0].Length;

    public bool HasHeader { get; }

    /// <summary>A table from columns already in memory (inline data, typed-in sets).</summary>
    public static CsvTable FromColumns(IReadOnlyList<string> names, float[][] values) => new(names, values, hasHeader: true);

    public static CsvTable Parse(TextReader reader, CsvLimits limits)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
        };
        using var parser = new CsvParser(reader, config);
        string[]? header = null;
        var columns = new List<List<float>>();
        var width = 0;
        try
        {
            while (parser.Read())
            {
                var record = parser.Record ?? [];
                var line = parser.RawRow;
                if (record.All(string.IsNullOrWhiteSpace))
                {
                    continue; // a line of spaces or bare delimiters at the end of a file
                }

                if (width == 0)
                {
                    width = record.Length;
                    if (width > limits.MaxColumns)
                    {
                        throw new DataFormatException($"The file has {width} columns; at most {limits.MaxColumns} are allowed.", line);
                    }

                    if (width < 2)
                    {
                        throw new DataFormatException("The file has one column; a data set needs at least one x column and a y column.", line);
                    }

                    columns.AddRange(Enumerable.Range(0, width).Select(_ => new List<float>()));
                    if (!record.All(IsNumber))
                    {
                        header = ReadHeader(record, line);
                        continue;
                    }
                }

                if (record.Length != width)
                {
                    throw new DataFormatException($"Line {line} has {record.Length} cells; the first row has {width}.", line);
                }

                if (columns[0].Count >= limits.MaxRows)
                {
                    throw new DataFormatException($"The file has more than {limits.MaxRows} rows, the most allowed.", line);
                }

                for (var j = 0; j < width; j++)
                {
                    columns[j].Add(Cell(record[j], line, header?[j] ?? DefaultName(j, width)));
                }
            }
        }
        catch (CsvHelperException)
        {
            throw new DataFormatException($"The file is not valid CSV near line {parser.RawRow}: look for an unclosed quote or a stray \" in a cell.", parser.RawRow);
        }

        if (columns.Count == 0 || columns[0].Count == 0)
        {
            throw new DataFormatException("The file has no data rows.");
        }

        var names = header ?? [.. Enumerable.Range(0, width).Select(j => DefaultName(j, width))];
        return new CsvTable(names, [.. columns.Select(c => c.ToArray())], header is not null);
    }

    /// <summary>Without a header the last column is the target: x1, x2, …, y.</summary>
    private static string DefaultName(int j, int width) => j == width - 1 ? "y" : width == 2 ? "x" : $"x{j + 1}";

    private static bool IsNumber(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string[] ReadHeader(string[] record, int line)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < record.Length; j++)
        {
            if (string.IsNullOrWhiteSpace(record[j]))
            {
                throw new DataFormatException($"Column {j + 1} of the header has no name.", line, $"#{j + 1}");
            }

            if (record[j].Length > 100)
            {
                throw new DataFormatException($"Column {j + 1}'s name is longer than 100 characters.", line, $"#{j + 1}");
            }

            if (!seen.Add(record[j]))
            {
                throw new DataFormatException($"Two columns are named '{record[j]}'.", line, record[j]);
            }
        }

        return record;
    }

    private static float Cell(string cell, int line, string column)
    {
        if (cell.Length == 0)
        {
            throw new DataFormatException($"Line {line}, column '{column}' is empty.", line, column);
        }

        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            var shown = cell.Length > 40 ? cell[..40] + "…" : cell;
            throw new DataFormatException($"Line {line}, column '{column}': '{shown}' is not a number (use '.' for decimals).", line, column);
        }

        var f = (float)value;
        return float.IsFinite(f)
            ? f
            : throw new DataFormatException($"Line {line}, column '{column}': {cell} is not a finite float32 number.", line, column);
    }
}
