// lib/geo: where a client address is, as far as a shipped IP-to-country database knows.

export { countryOfAddress } from "./ip-country";
