using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Input;

/// <summary>Reads a YAML file into a strict root mapping, turning every parse problem into a one-line file error.</summary>
public static class YamlFile
{
    /// <summary>Loads the file at <paramref name="path"/>; the path is also the name used in error messages.</summary>
    /// <exception cref="InputException">When the file is missing, unreadable, not YAML, or not a mapping.</exception>
    public static YamlMap Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, string.Empty, $"cannot read the file: {e.Message}", e);
        }

        return Parse(path, text);
    }

    /// <summary>Parses YAML text; <paramref name="fileName"/> names it in errors.</summary>
    /// <exception cref="InputException">When the text is not YAML, has several documents, or is not a mapping.</exception>
    public static YamlMap Parse(string fileName, string text)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            // YamlDotNet wraps the useful message; the innermost one names the real problem (duplicate key, bad indent).
            var inner = e.InnerException as YamlException ?? e;
            var message = inner.Message.ReplaceLineEndings(" ");
            throw new InputException(
                fileName, string.Empty, $"line {e.Start.Line}, column {e.Start.Column}: not valid YAML: {message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this, without a position, on some unclosed flow collections; the last
            // event it did parse tells the user where to look.
            var where = LastGoodPosition(text) is { } mark ? $"line {mark.Line}, column {mark.Column}: " : string.Empty;
            throw new InputException(
                fileName, string.Empty, $"{where}not valid YAML: the parser stopped after this point; check for an unclosed bracket, brace or quote", e);
        }

        if (stream.Documents.Count != 1)
        {
            throw new InputException(
                fileName, string.Empty, $"expected exactly one YAML document, found {stream.Documents.Count}");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InputException(fileName, string.Empty, "expected a mapping of keys to values at the top level");
        }

        return new YamlMap(fileName, string.Empty, root);
    }

    private static Mark? LastGoodPosition(string text)
    {
        Mark? last = null;
        try
        {
            using var reader = new StringReader(text);
            var parser = new Parser(reader);
            while (parser.MoveNext())
            {
                last = parser.Current?.Start ?? last;
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Expected: the same text failed a moment ago; the last mark reached is the answer.
        }

        return last;
    }
}
