/* The breakfast screen: the menu, a conversation by voice or by touch, and the live cart.
 *
 * It talks only to the HTTP API of the same origin:
 *   GET  /menu?lang=en|zh[&at=ISO]          the menu of the moment (both languages are shown)
 *   POST /sessions {"lat","lon"}|{"near"}    a conversation: {"id", "token", "order"}
 *   POST /sessions/{id}/turns                a typed turn (JSON) or a spoken one (multipart WAV)
 * Query parameters of the page: `at` fixes the clock (ISO 8601, for demos and tests),
 * `near=LAT,LON` (or a place name) places the customer (default: the server's, People's Square)
 * and `lang=en|zh` chooses the screen's language (also the switch at the top; remembered).
 * The server answers each turn in the language it was said in; a reply with Chinese in it is
 * spoken by a Chinese voice (speechSynthesis, zh-CN), any other by an English one.
 * Tests and demos may call `window.breakfast.sendText(text)` / `sendAudio(blob)`.
 */
"use strict";

(() => {
  const params = new URLSearchParams(window.location.search);
  // An unescaped "+" of a time zone arrives as a space.
  const AT = (params.get("at") || "").trim().replace(" ", "+") || null;
  const PLACE = placeOf(params.get("near"));
  const SAMPLE_RATE = 16000;
  const MAX_RECORDING_MS = 15000;
  // The server conditions the audio itself: the browser's voice-call processing (noise
  // suppression, gain control, echo cancellation) only distorts what the recogniser hears.
  const RAW_AUDIO = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };

  const $ = (id) => document.getElementById(id);
  const HAN = /[\u3400-\u9fff]/;
  const LANG_KEY = "breakfast.lang";
  const state = {
    lang: languageOf(params.get("lang")) || languageOf(stored(LANG_KEY)) || "en",
    session: null, // {id, token}
    brand: { en: "", zh: "" },
    currency: "CNY",
    products: new Map(), // id -> {en, zh}: the product in each language's listing
    order: null,
    status: "open",
    queue: Promise.resolve(),
    recorder: null,
    lastAudio: null, // the last WAV sent, for tests and troubleshooting
  };

  function languageOf(text) {
    return text === "zh" || text === "en" ? text : null;
  }

  function stored(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }

  /** The screen's words in its language: `words("Send", "发送")`. */
  function words(en, zh) {
    return state.lang === "zh" ? zh : en;
  }

  /** `near=LAT,LON` or a well-known place ("People's Square"); nothing: the server's default. */
  function placeOf(text) {
    if (!text) return {};
    const parts = text.split(",");
    const [lat, lon] = parts.map((part) => Number(part.trim()));
    if (parts.length === 2 && Number.isFinite(lat) && Number.isFinite(lon)) return { lat, lon };
    return { near: text };
  }

  // -- talking to the API ------------------------------------------------------------------------

  async function api(path, { method = "GET", json, form } = {}) {
    const headers = { Accept: "application/json" };
    if (state.session) headers.Authorization = `Bearer ${state.session.token}`;
    let body;
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    } else if (form !== undefined) {
      body = form; // the browser sets the multipart boundary
    }
    const response = await fetch(path, { method, headers, body });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = data && (data.detail || data.title || data.message);
      throw new Error(typeof detail === "string" ? detail : `HTTP ${response.status}`);
    }
    return data;
  }

  function withAt(path) {
    if (!AT) return path;
    return path + (path.includes("?") ? "&" : "?") + "at=" + encodeURIComponent(AT);
  }

  async function startSession() {
    state.session = null;
    const created = await api("/sessions", { method: "POST", json: PLACE });
    state.session = { id: created.id, token: created.token };
    remember(state.session);
    showOrder(created.order || null, created.order ? created.order.status : "open");
  }

  /** The conversation of this tab before a reload, if the server still has it. */
  async function resumeSession() {
    const saved = recall();
    if (!saved) return false;
    state.session = saved;
    try {
      const found = await api(`/sessions/${encodeURIComponent(saved.id)}`);
      showOrder(found.order, found.order.status);
      reply(found.last_reply || words("Welcome back! What would you like?", "欢迎回来！您想点什么？"));
      return true;
    } catch (error) {
      state.session = null;
      remember(null);
      return false;
    }
  }

  // The session's token lives only as long as the tab (sessionStorage), never in the URL.
  const STORAGE_KEY = "breakfast.session";

  function remember(session) {
    try {
      if (session) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
      else window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (error) {
      // storage may be disabled: a reload then starts a new order
    }
  }

  function recall() {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
      return saved && saved.id && saved.token ? saved : null;
    } catch (error) {
      return null;
    }
  }

  /** Run turns one after another: the server refuses a turn computed from a stale state. */
  function enqueue(task) {
    const run = state.queue.then(task);
    state.queue = run.catch(() => {});
    return run;
  }

  /** A typed turn; `origin` is the button that said it, if one did (to place focus after). */
  function sendText(text, origin) {
    const said = String(text || "").trim();
    if (!said) return Promise.resolve(null);
    addMessage("you", said);
    const body = AT ? { text: said, at: AT } : { text: said };
    return enqueue(() =>
      takeTurn(() => api(turnsPath(), { method: "POST", json: body }), null, origin));
  }

  function sendAudio(blob) {
    const pending = addMessage("you", "(listening to your recording…)", "pending");
    return enqueue(() =>
      takeTurn(async () => {
        const wav = await toWav16k(blob);
        state.lastAudio = wav;
        const form = new FormData();
        form.append("audio", wav, "turn.wav");
        if (AT) form.append("at", AT);
        return api(turnsPath(), { method: "POST", form });
      }, pending),
    );
  }

  function turnsPath() {
    return `/sessions/${encodeURIComponent(state.session.id)}/turns`;
  }

  async function takeTurn(request, pendingMessage, origin) {
    setBusy(true);
    try {
      const result = await request();
      if (pendingMessage) {
        pendingMessage.classList.remove("pending");
        setMessageText(pendingMessage, "you", result.heard ? result.heard : "(nothing heard)");
      }
      reply(result.reply);
      showOrder(result.order, result.status);
      placeFocus(origin);
      return result;
    } catch (error) {
      if (pendingMessage) pendingMessage.remove();
      reply(`Sorry, something went wrong: ${error.message}`, "error");
      throw error;
    } finally {
      setBusy(false);
    }
  }

  // -- the transcript ----------------------------------------------------------------------------

  function addMessage(who, text, extraClass) {
    const item = document.createElement("li");
    item.className = `msg ${who}` + (extraClass ? ` ${extraClass}` : "");
    setMessageText(item, who, text);
    const transcript = $("transcript");
    transcript.append(item);
    transcript.scrollTop = transcript.scrollHeight; // the transcript scrolls, not the page
    return item;
  }

  function setMessageText(item, who, text) {
    item.textContent = "";
    const label = document.createElement("span");
    label.className = "who";
    label.textContent = who === "you" ? words("You: ", "您：") : words("Breakfast: ", "店员：");
    const body = document.createElement("span");
    body.className = "text";
    body.textContent = text;
    item.append(label, body);
  }

  function reply(text, extraClass) {
    addMessage("bot", text, extraClass);
    speak(text);
  }

  function speak(text) {
    if (!$("speak").checked || !("speechSynthesis" in window)) return;
    try {
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = HAN.test(text) ? "zh-CN" : "en-US";
      const voice = window.speechSynthesis.getVoices().find(
        (candidate) => candidate.lang.replace("_", "-").startsWith(utterance.lang.slice(0, 2)));
      if (voice) utterance.voice = voice;
      window.speechSynthesis.speak(utterance);
    } catch (error) {
      // speaking is a nicety: the reply is on screen either way
    }
  }

  function setBusy(busy) {
    $("transcript").setAttribute("aria-busy", busy ? "true" : "false");
    document.body.classList.toggle("busy", busy);
  }

  // -- the menu ----------------------------------------------------------------------------------

  async function loadMenu() {
    const [en, zh] = await Promise.all([
      api(withAt("/menu?lang=en")),
      api(withAt("/menu?lang=zh")).catch(() => null),
    ]);
    const zhProducts = new Map();
    for (const category of zh ? zh.categories : []) {
      for (const product of category.products) zhProducts.set(product.id, product);
    }
    state.currency = en.currency;
    state.brand = { en: en.brand, zh: zh ? zh.brand : "" };
    for (const category of en.categories) {
      for (const product of category.products) {
        state.products.set(product.id, { en: product, zh: zhProducts.get(product.id) || null });
      }
    }
    const zhCategories = new Map((zh ? zh.categories : []).map((c) => [c.id, c.name]));
    renderMenu(en, zhCategories);
  }

  function renderMenu(listing, zhCategories) {
    $("brand").textContent = listing.brand;
    if (state.brand.zh) $("brand").append(" ", zhSpan(state.brand.zh));
    $("clock").textContent = `Menu at ${listing.local_time} (store time)`;
    const body = $("menu-body");
    body.textContent = "";
    for (const category of listing.categories) {
      const section = document.createElement("section");
      section.className = "category";
      const heading = document.createElement("h3");
      heading.id = `cat-${category.id}`;
      heading.textContent = category.name;
      if (zhCategories.get(category.id)) heading.append(" ", zhSpan(zhCategories.get(category.id)));
      const list = document.createElement("ul");
      list.className = "products";
      list.setAttribute("aria-labelledby", heading.id);
      for (const product of category.products) list.append(productEntry(product));
      section.append(heading, list);
      body.append(section);
    }
    body.setAttribute("aria-busy", "false");
  }

  function productEntry(product) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "product";
    button.dataset.id = product.id;
    const zh = zhName(product.id);
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = product.name;
    const price = document.createElement("span");
    price.className = "price";
    price.textContent = product.price.text;
    // spaces between the parts, so that the button's accessible name reads well
    button.append(name, " ");
    if (zh) button.append(zhSpan(zh, "name-zh"), " ");
    button.append(price);
    if (product.available) {
      button.addEventListener("click", () => {
        const saying = state.lang === "zh" && zh ? `一份${zh}` : `${article(product.name)} ${product.name}`;
        sendText(saying, button).catch(() => {});
      });
    } else {
      button.disabled = true;
      button.classList.add("later");
      const later = document.createElement("span");
      later.className = "later-note";
      later.textContent = product.starts_at ? `from ${product.starts_at}` : "not served now";
      button.append(" ", later);
    }
    item.append(button);
    return item;
  }

  function article(name) {
    return /^[aeiou]/i.test(name) ? "an" : "a";
  }

  function zhSpan(text, className) {
    const span = document.createElement("span");
    span.lang = "zh";
    span.className = className || "zh";
    span.textContent = text;
    return span;
  }

  function zhName(productId) {
    const found = state.products.get(productId);
    return found && found.zh ? found.zh.name : "";
  }

  function enName(productId) {
    const found = state.products.get(productId);
    return found ? found.en.name : productId;
  }

  // -- the cart ----------------------------------------------------------------------------------

  function showOrder(order, status) {
    state.order = order;
    state.status = status || (order && order.status) || "open";
    renderCart(order);
    renderChoices(order);
    renderActions();
  }

  function renderCart(order) {
    const lines = $("cart-lines");
    lines.textContent = "";
    const status = state.status;
    $("order-status").textContent = (state.lang === "zh" ? STATUS_TEXT_ZH : STATUS_TEXT)[status] || status;
    $("order-status").dataset.status = status;
    if (!order || !order.lines.length) {
      lines.append(Object.assign(document.createElement("li"), {
        className: "empty", textContent: "Nothing yet.",
      }));
      $("cart-total").textContent = "—";
    } else {
      for (const line of order.lines) lines.append(cartLine(line, order.currency));
      $("cart-total").textContent = totalText(order);
    }
    const store = order && order.store;
    $("store").hidden = !store;
    if (store) {
      const far = store.distance_m != null ? distance(store.distance_m) : null;
      $("store").textContent = state.lang === "zh"
        ? `在 ${store.name} 取餐` + (far ? ` · 距离 ${far}` : "")
        : `Pickup at ${store.name}` + (far ? ` · ${far} away` : "");
    }
    const paid = status === "paid" && order && order.pickup_code;
    $("pickup").hidden = !paid;
    $("pickup-code").textContent = paid ? order.pickup_code : "";
    $("new-order").hidden = !(status === "paid" || status === "cancelled");
    renderCartBar(order);
  }

  /** On a phone the cart is below the conversation: a bar at the bottom keeps it in sight. */
  function renderCartBar(order) {
    const bar = $("cart-bar");
    const count = order ? order.lines.reduce((sum, line) => sum + line.quantity, 0) : 0;
    bar.hidden = count === 0;
    if (!count) return;
    const code = state.status === "paid" && order.pickup_code ? ` · code ${order.pickup_code}` : "";
    bar.textContent = `Your order: ${count} item${count === 1 ? "" : "s"} · ` +
      `${totalText(order)}${code}`;
  }

  /** A line still missing a choice has no price yet: the total is then only "so far". */
  function totalText(order) {
    const unpriced = order.lines.some((line) => line.line_total == null);
    return money(order.total, order.currency) + (unpriced ? " so far" : "");
  }

  const STATUS_TEXT = {
    open: "Ordering",
    awaiting_confirmation: "Please confirm",
    paid: "Paid",
    payment_failed: "Payment failed",
    cancelled: "Cancelled",
  };
  const STATUS_TEXT_ZH = {
    open: "点餐中",
    awaiting_confirmation: "请确认",
    paid: "已支付",
    payment_failed: "支付失败",
    cancelled: "已取消",
  };

  function cartLine(line, currency) {
    const item = document.createElement("li");
    item.className = "cart-line";
    const head = document.createElement("p");
    head.className = "line-head";
    const name = document.createElement("span");
    name.className = "line-name";
    name.textContent = `${line.quantity} × ${enName(line.id)}`;
    const zh = zhName(line.id);
    if (zh) name.append(" ", zhSpan(zh));
    const price = document.createElement("span");
    price.className = "price";
    price.textContent = line.line_total == null ? "to choose" : money(line.line_total, currency);
    head.append(name, price);
    item.append(head);
    const details = describeLine(line);
    if (details) {
      const note = document.createElement("p");
      note.className = "line-details";
      note.textContent = details;
      item.append(note);
    }
    return item;
  }

  /** The options worth showing: not the defaults nobody asked for. */
  function describeLine(line) {
    const parts = chosenOptions(line.id, line.options);
    const found = state.products.get(line.id);
    const slots = found ? found.en.slots : [];
    for (const slot of slots) {
      const component = (line.choices || {})[slot.id];
      if (!component) continue;
      const options = chosenOptions(component.id, component.options);
      const chosen = enName(component.id) + (options.length ? ` (${options.join(", ")})` : "");
      parts.push(`${slot.name}: ${chosen}`);
    }
    return parts.join(" · ");
  }

  function chosenOptions(productId, optionIds) {
    const found = state.products.get(productId);
    if (!found) return optionIds || [];
    const names = [];
    for (const group of found.en.groups) {
      for (const option of group.options) {
        if ((optionIds || []).includes(option.id) && option.id !== group.default) {
          names.push(option.name);
        }
      }
    }
    return names;
  }

  function money(minor, currency) {
    const format = new Intl.NumberFormat("zh-CN", { style: "currency", currency });
    const digits = format.resolvedOptions().maximumFractionDigits;
    return format.format(minor / 10 ** digits);
  }

  function distance(metres) {
    return metres < 1000 ? `${metres} m` : `${(metres / 1000).toFixed(1)} km`;
  }

  // -- what is still to choose, as buttons -------------------------------------------------------

  /** The first choice the order still needs, in the dialog's asking order. */
  function firstMissing(order) {
    if (!order || state.status !== "open") return null;
    for (const line of order.lines) {
      const found = state.products.get(line.id);
      if (!found) continue;
      const product = found.en;
      if (product.kind !== "combo") {
        const group = missingGroup(product, line.options);
        if (group) return { kind: "group", group, owner: product };
        continue;
      }
      for (const slot of product.slots) {
        const component = (line.choices || {})[slot.id];
        if (!component) return { kind: "slot", slot, owner: product };
        const part = state.products.get(component.id);
        const group = part && missingGroup(part.en, component.options);
        if (group) return { kind: "group", group, owner: part.en };
      }
    }
    return null;
  }

  function missingGroup(product, optionIds) {
    const chosen = new Set(optionIds || []);
    return product.groups.find(
      (group) => group.options.filter((option) => chosen.has(option.id)).length < group.min,
    );
  }

  function renderChoices(order) {
    const missing = firstMissing(order);
    const box = $("choices");
    const buttons = $("choices-buttons");
    buttons.textContent = "";
    box.hidden = !missing;
    if (!missing) return;
    if (missing.kind === "group") {
      $("choices-title").textContent = `${missing.group.name} for the ${missing.owner.name}:`;
      const zhGroup = zhGroupOf(missing.owner.id, missing.group.id);
      for (const option of missing.group.options) {
        const extra = option.price.minor ? ` +${option.price.text}` : "";
        const zhOption = zhGroup && zhGroup.options.find((o) => o.id === option.id);
        const saying = state.lang === "zh" && zhOption ? zhOption.name : option.name.toLowerCase();
        const shown = state.lang === "zh" && zhOption ? zhOption.name : "";
        buttons.append(choiceButton(option.name + extra, saying, shown));
      }
    } else {
      $("choices-title").textContent = `${missing.slot.name} for the ${missing.owner.name}:`;
      for (const choice of missing.slot.choices) {
        const extra = choice.upcharge.minor ? ` +${choice.upcharge.text}` : "";
        const zh = zhName(choice.item);
        const saying = state.lang === "zh" && zh ? zh : choice.name;
        buttons.append(choiceButton(choice.name + extra, saying, zh));
      }
    }
  }

  function zhGroupOf(productId, groupId) {
    const found = state.products.get(productId);
    const groups = found && found.zh && found.zh.groups ? found.zh.groups : [];
    return groups.find((group) => group.id === groupId) || null;
  }

  function choiceButton(label, saying, zh) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "choice";
    button.textContent = label;
    if (zh) button.append(" ", zhSpan(zh));
    button.addEventListener("click", () => sendText(saying, button).catch(() => {}));
    return button;
  }

  function renderActions() {
    const box = $("actions");
    box.textContent = "";
    const order = state.order;
    const hasLines = order && order.lines.length > 0;
    const actions = [];
    const zh = state.lang === "zh";
    if (state.status === "open" && hasLines && !firstMissing(order)) {
      actions.push(zh ? ["就这些", "就这些"] : ["That's all", "that's all"]);
    } else if (state.status === "awaiting_confirmation") {
      actions.push(...(zh ? [["好的，下单", "好的"], ["我要改", "不对"]]
        : [["Yes, place the order", "yes"], ["Change something", "no"]]));
    } else if (state.status === "payment_failed") {
      actions.push(...(zh ? [["再试一次", "好的"], ["取消订单", "取消订单"]]
        : [["Try again", "yes"], ["Cancel the order", "cancel my order"]]));
    }
    for (const [label, saying] of actions) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "action";
      button.textContent = label;
      button.addEventListener("click", () => sendText(saying, button).catch(() => {}));
      box.append(button);
    }
  }

  /** After a tap: show what to choose next, and never leave focus on a button that is gone. */
  function placeFocus(origin) {
    const firstChoice = $("choices-buttons").querySelector("button");
    if (firstChoice) $("choices").scrollIntoView({ block: "nearest" });
    if (!origin) return;
    if (firstChoice) {
      firstChoice.focus();
    } else if (!origin.isConnected) {
      const next = $("actions").querySelector("button") ||
        (!$("new-order").hidden && $("new-order")) || $("say-text");
      next.focus();
    }
  }

  // -- the microphone and recordings -------------------------------------------------------------

  async function toggleRecording() {
    if (state.recorder) {
      state.recorder.stop();
      return;
    }
    if (!navigator.mediaDevices || !window.MediaRecorder) {
      voiceStatus("This browser cannot record; type your order or send a recording.");
      return;
    }
    if ("speechSynthesis" in window) window.speechSynthesis.cancel(); // don't record ourselves
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: RAW_AUDIO });
    } catch (error) {
      voiceStatus(`The microphone is not available: ${error.message}`);
      return;
    }
    const recorder = new MediaRecorder(stream, recordingOptions());
    const chunks = [];
    const limit = window.setTimeout(() => recorder.state !== "inactive" && recorder.stop(),
      MAX_RECORDING_MS);
    recorder.addEventListener("dataavailable", (event) => event.data.size && chunks.push(event.data));
    recorder.addEventListener("stop", () => {
      window.clearTimeout(limit);
      stream.getTracks().forEach((track) => track.stop());
      state.recorder = null;
      setMicState(false);
      voiceStatus("");
      const blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
      if (blob.size) sendAudio(blob).catch(() => {});
    });
    state.recorder = recorder;
    recorder.start();
    setMicState(true);
    voiceStatus("Listening… press Stop when you're done.");
  }

  /** Lossless when the browser can (Chromium: PCM in WebM), else Opus at a high bit rate. */
  function recordingOptions() {
    const lossless = "audio/webm;codecs=pcm";
    if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(lossless)) {
      return { mimeType: lossless };
    }
    return { audioBitsPerSecond: 128000 };
  }

  function setMicState(recording) {
    $("mic").setAttribute("aria-pressed", recording ? "true" : "false");
    $("mic").classList.toggle("recording", recording);
    $("mic-label").textContent = recording ? words("Stop", "停止") : words("Speak", "说话");
  }

  function voiceStatus(text) {
    $("voice-status").textContent = text;
  }

  /** Any audio the browser can decode, as 16 kHz mono 16-bit WAV (what the server hears). */
  async function toWav16k(blob) {
    const Context = window.AudioContext || window.webkitAudioContext;
    const context = new Context();
    let decoded;
    try {
      decoded = await context.decodeAudioData(await blob.arrayBuffer());
    } finally {
      context.close();
    }
    const frames = Math.max(1, Math.ceil(decoded.duration * SAMPLE_RATE));
    const offline = new OfflineAudioContext(1, frames, SAMPLE_RATE); // mixes down to mono
    const source = offline.createBufferSource();
    source.buffer = decoded;
    source.connect(offline.destination);
    source.start();
    const rendered = await offline.startRendering();
    return encodeWav(rendered.getChannelData(0), SAMPLE_RATE);
  }

  function encodeWav(samples, rate) {
    const buffer = new ArrayBuffer(44 + samples.length * 2);
    const view = new DataView(buffer);
    const text = (offset, value) => {
      for (let i = 0; i < value.length; i += 1) view.setUint8(offset + i, value.charCodeAt(i));
    };
    text(0, "RIFF");
    view.setUint32(4, 36 + samples.length * 2, true);
    text(8, "WAVE");
    text(12, "fmt ");
    view.setUint32(16, 16, true); // PCM header size
    view.setUint16(20, 1, true); // PCM
    view.setUint16(22, 1, true); // mono
    view.setUint32(24, rate, true);
    view.setUint32(28, rate * 2, true); // bytes per second
    view.setUint16(32, 2, true); // bytes per frame
    view.setUint16(34, 16, true); // bits per sample
    text(36, "data");
    view.setUint32(40, samples.length * 2, true);
    for (let i = 0; i < samples.length; i += 1) {
      const s = Math.max(-1, Math.min(1, samples[i]));
      view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
    }
    return new Blob([buffer], { type: "audio/wav" });
  }

  // -- starting up -------------------------------------------------------------------------------

  async function newOrder() {
    $("transcript").textContent = "";
    showOrder(null, "open");
    await startSession();
    reply(words("Good morning! What would you like?", "早上好！您想点什么？"));
  }

  /** Put the screen's own words in its language (the menu shows both names either way). */
  function applyLanguage() {
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    for (const button of document.querySelectorAll("#language button")) {
      button.setAttribute("aria-pressed", button.dataset.lang === state.lang ? "true" : "false");
    }
    $("say-label").textContent = words("Type what you'd like", "输入您想点的");
    $("say-text").placeholder = words("two egg tarts and a large latte", "例如：两份…和一份…");
    $("say-send").textContent = words("Send", "发送");
    $("mic-label").textContent = state.recorder ? words("Stop", "停止") : words("Speak", "说话");
    if (state.order !== undefined) showOrder(state.order, state.status);
  }

  function setLanguage(lang) {
    state.lang = lang;
    try {
      window.localStorage.setItem(LANG_KEY, lang);
    } catch (error) {
      // not remembered: the switch still works for this page
    }
    applyLanguage();
  }

  function wire() {
    for (const button of document.querySelectorAll("#language button")) {
      button.addEventListener("click", () => setLanguage(button.dataset.lang));
    }
    $("say-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = $("say-text");
      sendText(input.value).catch(() => {});
      input.value = "";
    });
    $("mic").addEventListener("click", toggleRecording);
    $("speak").addEventListener("change", (event) => {
      if (!event.target.checked && "speechSynthesis" in window) window.speechSynthesis.cancel();
    });
    $("audio-file").addEventListener("change", (event) => {
      const [file] = event.target.files;
      event.target.value = "";
      if (file) sendAudio(file).catch(() => {});
    });
    $("new-order").addEventListener("click", () => {
      newOrder().then(() => $("say-text").focus()).catch((error) => reply(
        `Sorry, I couldn't start a new order: ${error.message}`, "error"));
    });
  }

  async function start() {
    wire();
    applyLanguage();
    try {
      await loadMenu();
      if (!(await resumeSession())) await newOrder();
      document.body.dataset.ready = "true";
    } catch (error) {
      reply(`Sorry, the screen could not start: ${error.message}`, "error");
      document.body.dataset.ready = "error";
      throw error;
    }
  }

  const ready = start();
  ready.catch(() => {});
  window.breakfast = {
    ready,
    sendText,
    sendAudio,
    get order() { return state.order; },
    get status() { return state.status; },
    get lang() { return state.lang; },
    get lastAudio() { return state.lastAudio; },
  };
})();
