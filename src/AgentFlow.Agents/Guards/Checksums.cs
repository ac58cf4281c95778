namespace AgentFlow.Agents.Guards;

/// <summary>The check digits that tell a real card number or IBAN from any run of digits.</summary>
public static class Checksums
{
    /// <summary>Whether the digits of <paramref name="text"/> (separators ignored) pass the Luhn check of payment cards.</summary>
    public static bool Luhn(ReadOnlySpan<char> text)
    {
        var sum = 0;
        var count = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var digit = c - '0';
            if (count++ % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return count > 0 && sum % 10 == 0;
    }

    /// <summary>
    /// Whether <paramref name="text"/> (spaces ignored) is an IBAN with valid check digits: the first four characters
    /// moved to the end, letters as 10-35, the whole number mod 97 is 1 (ISO 13616).
    /// </summary>
    public static bool Iban(ReadOnlySpan<char> text)
    {
        Span<char> compact = stackalloc char[34];
        var length = 0;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                continue;
            }

            if (length == compact.Length || !char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }

            compact[length++] = char.ToUpperInvariant(c);
        }

        if (length < 15 || !char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1]) || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]))
        {
            return false;
        }

        var remainder = 0;
        for (var i = 0; i < length; i++)
        {
            var c = compact[(i + 4) % length];
            remainder = char.IsAsciiDigit(c)
                ? ((remainder * 10) + (c - '0')) % 97
                : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }
}
