using System.Security.Cryptography;
using System.Text;

namespace Leanmote.Domain.Access;

/// <summary>
/// The bearer token rules of rest-api.md §3: 256 random bits, stored only as hex(SHA256(token + salt)),
/// previewed by its first five characters.
/// </summary>
public static class ApiToken
{
    public const string Prefix = "lm_";
    public const int PreviewLength = 5;

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Hash(string token, string salt)
    {
        var input = Encoding.UTF8.GetBytes(token + salt);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    public static string Preview(string token) => token.Length <= PreviewLength ? token : token[..PreviewLength];
}
