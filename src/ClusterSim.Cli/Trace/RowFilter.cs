using System.Globalization;

namespace ClusterSim.Cli.Trace;

/// <summary>
/// A row filter over CSV columns: comparisons joined by <c>and</c>, e.g. <c>ttft_ms &gt; 2000 and status == 'completed'</c>.
/// A comparison is <c>column op value</c> with op one of <c>&gt; &gt;= &lt; &lt;= == !=</c> and value a number or a
/// quoted string (strings compare with == and != only). An empty numeric cell matches no numeric comparison.
/// </summary>
public sealed class RowFilter
{
    private readonly Condition[] _conditions;

    private RowFilter(Condition[] conditions)
    {
        _conditions = conditions;
    }

    /// <summary>Parses <paramref name="expression"/> against <paramref name="columns"/>; a user error names the problem and lists the columns.</summary>
    public static RowFilter Parse(string expression, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(columns);
        var tokens = Tokenize(expression, columns);
        var conditions = new List<Condition>();
        var i = 0;
        while (true)
        {
            if (i + 3 > tokens.Count)
            {
                throw Error(expression, columns, i < tokens.Count ? $"incomplete comparison after '{tokens[i].Text}'" : "expected a comparison such as \"ttft_ms > 2000\"");
            }

            var (column, op, value) = (tokens[i], tokens[i + 1], tokens[i + 2]);
            var index = -1;
            for (var c = 0; c < columns.Count; c++)
            {
                if (string.Equals(columns[c], column.Text, StringComparison.Ordinal))
                {
                    index = c;
                }
            }

            if (column.Kind != TokenKind.Word || index < 0)
            {
                throw Error(expression, columns, $"unknown column '{column.Text}'");
            }

            if (op.Kind != TokenKind.Operator)
            {
                throw Error(expression, columns, $"expected an operator (> >= < <= == !=) after '{column.Text}', found '{op.Text}'");
            }

            if (value.Kind == TokenKind.String)
            {
                if (op.Text is not ("==" or "!="))
                {
                    throw Error(expression, columns, $"text values compare with == or != only, not '{op.Text}'");
                }

                conditions.Add(new Condition(index, op.Text, double.NaN, value.Text));
            }
            else if (value.Kind == TokenKind.Number)
            {
                conditions.Add(new Condition(index, op.Text, double.Parse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture), null));
            }
            else
            {
                throw Error(expression, columns, $"expected a number or a 'quoted' text after '{op.Text}', found '{value.Text}'");
            }

            i += 3;
            if (i == tokens.Count)
            {
                break;
            }

            if (tokens[i].Kind != TokenKind.Word || !string.Equals(tokens[i].Text, "and", StringComparison.OrdinalIgnoreCase))
            {
                throw Error(expression, columns, $"expected 'and' between comparisons, found '{tokens[i].Text}'");
            }

            i++;
        }

        return new RowFilter([.. conditions]);
    }

    /// <summary>True when every comparison holds for <paramref name="row"/>.</summary>
    public bool Matches(IReadOnlyList<string> row)
    {
        foreach (var c in _conditions)
        {
            if (!c.Holds(row[c.Column]))
            {
                return false;
            }
        }

        return true;
    }

    private static UserErrorException Error(string expression, IReadOnlyList<string> columns, string problem) =>
        new($"--where \"{expression}\": {problem}; write column op value [and ...] with op one of > >= < <= == != over the columns: {string.Join(", ", columns)}");

    private static List<Token> Tokenize(string text, IReadOnlyList<string> columns)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '>' or '<' or '=' or '!')
            {
                var two = i + 1 < text.Length && text[i + 1] == '=';
                var op = two ? text.Substring(i, 2) : c.ToString();
                if (op is "=" or "!")
                {
                    throw Error(text, columns, $"'{op}' is not an operator (did you mean '{op}='?)");
                }

                tokens.Add(new Token(TokenKind.Operator, op));
                i += op.Length;
            }
            else if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw Error(text, columns, "unterminated quoted text");
                }

                tokens.Add(new Token(TokenKind.String, text[(i + 1)..end]));
                i = end + 1;
            }
            else if (char.IsDigit(c) || c is '-' or '+' or '.')
            {
                var start = i;
                i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '+' or '-'))
                {
                    i++;
                }

                var number = text[start..i];
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw Error(text, columns, $"'{number}' is not a number");
                }

                tokens.Add(new Token(TokenKind.Number, number));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i]));
            }
            else
            {
                throw Error(text, columns, $"unexpected character '{c}'");
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Word,
        Operator,
        Number,
        String,
    }

    private readonly record struct Token(TokenKind Kind, string Text);

    private sealed record Condition(int Column, string Op, double Number, string? Text)
    {
        public bool Holds(string cell)
        {
            if (Text is not null)
            {
                var equal = string.Equals(cell, Text, StringComparison.Ordinal);
                return Op == "==" ? equal : !equal;
            }

            var value = CsvTable.Number(cell);
            if (double.IsNaN(value))
            {
                return false;
            }

            return Op switch
            {
                ">" => value > Number,
                ">=" => value >= Number,
                "<" => value < Number,
                "<=" => value <= Number,
                "==" => value == Number,
                _ => value != Number,
            };
        }
    }
}
