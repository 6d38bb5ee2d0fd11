module Names

let dns = "acme/dns/prod"
