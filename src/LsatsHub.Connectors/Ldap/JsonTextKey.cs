namespace LsatsHub.Connectors.Ldap;

/// <summary>
/// Orders values as the ordinal order of their JSON texts (the order bronze has always stored several values in)
/// without writing those texts: a string is kept as its escaped content and compared as if it stood between quotes.
/// </summary>
/// <param name="Quoted">True when <paramref name="Body"/> is the escaped content of a JSON string (its text is <c>"Body"</c>).</param>
/// <param name="Body">The escaped string content, or the whole JSON text of any other value; null for a null node.</param>
internal readonly record struct JsonTextKey(bool Quoted, string? Body) : IComparable<JsonTextKey>
{
    private const char Quote = '"';

    /// <inheritdoc />
    public int CompareTo(JsonTextKey other)
    {
        if (Body is null || other.Body is null)
        {
            return (Body is null ? 0 : 1) - (other.Body is null ? 0 : 1);
        }

        if (Quoted && other.Quoted)
        {
            // Both start with a quote: compare the contents; where one ends, its closing quote meets the other's character.
            var common = Math.Min(Body.Length, other.Body.Length);
            var order = Body.AsSpan(0, common).SequenceCompareTo(other.Body.AsSpan(0, common));
            if (order != 0 || Body.Length == other.Body.Length)
            {
                return order;
            }

            return Body.Length < other.Body.Length ? Quote.CompareTo(other.Body[common]) : Body[common].CompareTo(Quote);
        }

        var length = Length;
        var otherLength = other.Length;
        for (var i = 0; i < Math.Min(length, otherLength); i++)
        {
            var order = At(i).CompareTo(other.At(i));
            if (order != 0)
            {
                return order;
            }
        }

        return length.CompareTo(otherLength);
    }

    private int Length => Body!.Length + (Quoted ? 2 : 0);

    private char At(int index) => !Quoted ? Body![index] : index == 0 || index == Body!.Length + 1 ? Quote : Body[index - 1];
}
