// Live matching on the contact-logging form (progressive enhancement: without it, the contact's
// "Check whether these people are already known" page does the same after logging).
// As a child's or an adult's name and date of birth are typed, POST them to people/match.json (with the
// session cookie and the form's CSRF token: a child's details never go in a URL) for the likely known people
// and show them in the aria-live region under that person's fields. A person the team cannot open comes back
// only as "a possible match known to another team", with no details.
// Everything is written with textContent: nothing from the server is parsed as HTML.

const DELAY_MS = 300;

function value(form, name) {
  const field = form.elements.namedItem(name);
  return field && typeof field.value === "string" ? field.value.trim() : "";
}

function dateOfBirth(form, prefix) {
  const day = value(form, `${prefix}_date_of_birth_0`);
  const month = value(form, `${prefix}_date_of_birth_1`);
  const year = value(form, `${prefix}_date_of_birth_2`);
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return "";
  return `${day.padStart(2, "0")}/${month.padStart(2, "0")}/${year}`;
}

// What has been typed for one person, as match.json's form fields; null when there is too little to search
function query(form, kind, row) {
  const prefix = `${kind}_${row}`;
  const params = new URLSearchParams();
  if (kind === "child") {
    params.set("given_name", value(form, `${prefix}_given_name`));
    params.set("family_name", value(form, `${prefix}_family_name`));
    params.set("date_of_birth", dateOfBirth(form, prefix));
  } else {
    const parts = value(form, `${prefix}_name`).split(/\s+/).filter(Boolean);
    params.set("given_name", parts.length > 1 ? parts.slice(0, -1).join(" ") : "");
    params.set("family_name", parts.length ? parts[parts.length - 1] : "");
  }
  const enough = params.get("family_name").length >= 2 || (params.get("date_of_birth") || "") !== "";
  return enough ? params : null;
}

export function percent(probability) {
  const v = probability * 100;
  if (v >= 99.95) return probability < 1 ? "over 99.9%" : "100%";
  return v < 10 ? `${v.toFixed(1)}%` : `${Math.round(v)}%`;
}

function longDate(iso) {
  if (!iso) return "date of birth not known";
  const date = new Date(`${iso}T00:00:00Z`);
  return `born ${date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render(region, label, candidates) {
  const children = [];
  if (candidates.length === 0) {
    children.push(element("p", "govuk-body-s", `No known people match ${label} so far.`));
  } else {
    children.push(element("h3", "govuk-heading-s govuk-!-margin-bottom-2", `Possibly known: ${label}`));
    const list = element("ul", "govuk-list govuk-!-font-size-16");
    for (const c of candidates) {
      const item = element("li", "fd-live-match__candidate");
      if (c.elsewhere) {
        item.append(element("strong", "", c.label || "A possible match known to another team"));
        item.append(document.createTextNode(`, ${percent(c.probability)} likely. Its details are shown only to a team that holds it.`));
        list.append(item);
        continue;
      }
      item.append(element("strong", "", c.name || c.reference));
      const facts = [longDate(c.date_of_birth), c.postcode || "postcode not known", `${percent(c.probability)} likely`];
      item.append(document.createTextNode(` (${c.reference}), ${facts.join(", ")}. `));
      if (c.known_to_service) {
        item.append(element("strong", "govuk-tag govuk-tag--orange", "Known to children's social care"));
        item.append(document.createTextNode(" "));
      }
      if (c.agreed && c.agreed.length) {
        item.append(element("span", "govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0", `Why: ${c.agreed.slice(0, 4).join("; ")}.`));
      }
      list.append(item);
    }
    children.push(list);
    children.push(element("p", "govuk-body-s", "After you log the contact, check and link them on the contact's people page."));
  }
  region.replaceChildren(...children);
}

function watch(form, region) {
  const kind = region.dataset.liveMatch;
  const row = region.dataset.row;
  const url = region.dataset.matchUrl;
  const label = kind === "child" ? `child ${row}` : `adult ${row}`;
  let timer = null;
  let inFlight = null;
  let last = "";

  async function search() {
    const params = query(form, kind, row);
    const key = params ? params.toString() : "";
    if (key === last) return;
    last = key;
    if (inFlight) inFlight.abort();
    if (!params) {
      region.replaceChildren();
      return;
    }
    inFlight = new AbortController();
    try {
      const token = form.elements.namedItem("csrfmiddlewaretoken");
      const response = await fetch(url, {
        method: "POST",
        body: params,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
        signal: inFlight.signal,
      });
      if (!response.ok || !(response.headers.get("Content-Type") || "").includes("json")) throw new Error("no results");
      const data = await response.json();
      render(region, label, data.candidates || []);
    } catch (error) {
      if (error.name === "AbortError") return;
      last = "";
      region.replaceChildren(element("p", "govuk-body-s", "Known people cannot be checked just now. You can check after logging the contact."));
    }
  }

  const prefix = `${kind}_${row}_`;
  form.addEventListener("input", (event) => {
    if (!event.target.name || !event.target.name.startsWith(prefix)) return;
    clearTimeout(timer);
    timer = setTimeout(search, DELAY_MS);
  });
}

export function init(root = document) {
  for (const region of root.querySelectorAll("[data-live-match]")) {
    const form = region.closest("form");
    if (form && region.dataset.matchUrl) watch(form, region);
  }
}

init();
