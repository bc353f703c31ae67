namespace LsatsHub.Warehouse.Schema;

/// <summary>
/// Splits a SQL script into statements at top-level semicolons, honouring quotes, dollar quotes and comments,
/// and keeps each statement's offset so a server error position maps back to a line of the file.
/// </summary>
public static class SqlScriptSplitter
{
    /// <summary>Splits <paramref name="script"/>; statements made only of blanks and comments are dropped.</summary>
    /// <param name="script">The script text.</param>
    /// <returns>The statements in order.</returns>
    public static IReadOnlyList<SqlStatement> Split(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var statements = new List<SqlStatement>();
        var start = 0;
        var contentStart = -1;
        var i = 0;
        while (i < script.Length)
        {
            var c = script[i];
            var next = i + 1 < script.Length ? script[i + 1] : '\0';
            if (c == '-' && next == '-')
            {
                i = SkipLineComment(script, i);
                continue;
            }

            if (c == '/' && next == '*')
            {
                i = SkipBlockComment(script, i);
                continue;
            }

            if (c == ';')
            {
                Add(script, start, i, contentStart, statements);
                start = i + 1;
                contentStart = -1;
                i++;
                continue;
            }

            if (!char.IsWhiteSpace(c) && contentStart < 0)
            {
                contentStart = i;
            }

            i = c switch
            {
                '\'' => SkipQuoted(script, i, '\'', backslashEscapes: IsEscapeStringPrefix(script, i)),
                '"' => SkipQuoted(script, i, '"', backslashEscapes: false),
                '$' => SkipDollarQuoted(script, i),
                _ => i + 1,
            };
        }

        Add(script, start, script.Length, contentStart, statements);
        return statements;
    }

    /// <summary>The 1-based line of a character index in a text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="index">A character index (clamped to the text).</param>
    /// <returns>The line number.</returns>
    public static int LineAt(string text, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        var end = Math.Clamp(index, 0, text.Length);
        var line = 1;
        for (var i = 0; i < end; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private static void Add(string script, int start, int end, int contentStart, List<SqlStatement> statements)
    {
        if (contentStart < 0)
        {
            return;
        }

        statements.Add(new SqlStatement(script[start..end], start, LineAt(script, contentStart)));
    }

    private static int SkipLineComment(string script, int i)
    {
        var newline = script.IndexOf('\n', i);
        return newline < 0 ? script.Length : newline + 1;
    }

    private static int SkipBlockComment(string script, int i)
    {
        // PostgreSQL block comments nest.
        var depth = 0;
        while (i < script.Length)
        {
            if (script[i] == '/' && i + 1 < script.Length && script[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (script[i] == '*' && i + 1 < script.Length && script[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    private static bool IsEscapeStringPrefix(string script, int quote) =>
        quote > 0
        && (script[quote - 1] == 'E' || script[quote - 1] == 'e')
        && (quote == 1 || !IsIdentifierChar(script[quote - 2]));

    private static int SkipQuoted(string script, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < script.Length)
        {
            var c = script[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == quote)
            {
                // A doubled quote is an escaped quote, not the end.
                if (i + 1 < script.Length && script[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return i;
    }

    private static int SkipDollarQuoted(string script, int i)
    {
        // A dollar quote cannot follow an identifier character ($ is legal inside identifiers).
        if (i > 0 && IsIdentifierChar(script[i - 1]))
        {
            return i + 1;
        }

        var tagEnd = i + 1;
        while (tagEnd < script.Length && script[tagEnd] != '$')
        {
            var c = script[tagEnd];
            var valid = tagEnd == i + 1 ? char.IsAsciiLetter(c) || c == '_' : char.IsAsciiLetterOrDigit(c) || c == '_';
            if (!valid)
            {
                // Not a dollar quote (e.g. a $1 parameter).
                return i + 1;
            }

            tagEnd++;
        }

        if (tagEnd >= script.Length)
        {
            return i + 1;
        }

        var tag = script[i..(tagEnd + 1)];
        var close = script.IndexOf(tag, tagEnd + 1, StringComparison.Ordinal);
        return close < 0 ? script.Length : close + tag.Length;
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
}
