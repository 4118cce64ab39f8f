// The demo community's cast and threads: Nimbus Home, a fictional smart-home company, and
// its customers helping each other. All text is original. Timing, askers from the member
// pool, votes and view counts are added by plan.ts with a seeded PRNG.
import type { Role } from '#db/schema.ts'

export const DEMO_EMAIL_DOMAIN = 'nimbus.example'

export interface SeedUser {
  handle: string
  displayName: string
  role: Role
  bio: string
  password: string
  /** Days before seeding that the account was made (before any of its activity). */
  joinedDaysAgo: number
  /** Shown in the printed demo logins, with this label. */
  login?: string
  /** Casts upvotes on other people's posts (when the reputation rules allow it). */
  votes: boolean
}

const member = (
  handle: string,
  displayName: string,
  bio: string,
  joinedDaysAgo: number,
): SeedUser => ({
  handle,
  displayName,
  role: 'member',
  bio,
  password: 'demo-password-member',
  joinedDaysAgo,
  votes: true,
})

export const STAFF_USERS: SeedUser[] = [
  {
    handle: 'maya',
    displayName: 'Maya from Nimbus',
    role: 'staff',
    bio: 'Community manager at Nimbus Home. I read every thread, promise.',
    password: 'demo-password-staff',
    joinedDaysAgo: 180,
    login: 'staff',
    votes: true,
  },
  {
    handle: 'jordan',
    displayName: 'Jordan from Nimbus',
    role: 'staff',
    bio: 'Billing and accounts support lead at Nimbus Home.',
    password: 'demo-password-jordan',
    joinedDaysAgo: 170,
    votes: true,
  },
  {
    handle: 'omar',
    displayName: 'Omar Haddad',
    role: 'moderator',
    bio: 'Community moderator. Keeping things friendly and on topic.',
    password: 'demo-password-moderator',
    joinedDaysAgo: 150,
    login: 'moderator',
    votes: true,
  },
  {
    handle: 'admin',
    displayName: 'Nimbus Admin',
    role: 'admin',
    bio: 'Site administrator account.',
    password: 'demo-password-admin',
    joinedDaysAgo: 200,
    login: 'admin',
    votes: false,
  },
]

/** Customers who answer a lot: the citizen experts (reputation is earned, not set). */
export const EXPERT_USERS: SeedUser[] = [
  {
    ...member(
      'priya_k',
      'Priya Kapoor',
      'Home automation tinkerer. Forty-odd devices on one Hub and counting.',
      92,
    ),
    password: 'demo-password-expert',
    login: 'expert',
  },
  member(
    'netwrangler',
    'Ben Adeyemi',
    'Network engineer by day; I fix my whole street’s Wi-Fi by night.',
    88,
  ),
  member('thermo_tess', 'Tess Lindqvist', 'HVAC technician. Happy to help with wiring.', 84),
  member('ringo_d', 'Diego Ramos', 'Doorbell and camera enthusiast, Android user.', 79),
]

export const DEMO_MEMBERS: SeedUser[] = [
  {
    ...member('alex', 'Alex Rivera', 'New to smart homes. Learning as I go.', 40),
    password: 'demo-password-alex',
    login: 'member',
    votes: false,
  },
  {
    ...member('sam', 'Sam Okafor', 'Two kids, one dog, too many gadgets.', 58),
    password: 'demo-password-sam',
    login: 'member',
  },
]

/** Ordinary customers: they ask most of the questions and cast most of the votes. */
export const POOL_USERS: SeedUser[] = [
  member('lena_m', 'Lena Morel', '', 63),
  member('tomasz_w', 'Tomasz Wójcik', 'Renovating a 1930s house, one wire at a time.', 65),
  member('hiro_t', 'Hiro Tanaka', '', 67),
  member('grace_h', 'Grace Holm', 'Retired teacher, early adopter.', 69),
  member('marco_b', 'Marco Bellini', '', 71),
  member('aisha_n', 'Aisha Nwosu', 'Runs a small bakery with a Nimbus Doorbell.', 73),
  member('felix_r', 'Felix Richter', '', 75),
  member('nora_s', 'Nora Sandberg', 'Cold climate, big heating bills.', 77),
  member('kwame_a', 'Kwame Asante', '', 79),
  member('ines_c', 'Inês Costa', 'Software developer. I like APIs.', 81),
  member('yuki_o', 'Yuki Ono', '', 83),
  member('pete_g', 'Pete Graham', '', 85),
  member('sofia_l', 'Sofia Lund', 'Working from home, so the Wi-Fi has to work.', 87),
  member('raj_p', 'Raj Patel', '', 89),
  member('olga_v', 'Olga Volkova', '', 91),
  member('chris_d', 'Chris Dunn', 'Gamer. Port forwarding is my hobby.', 93),
  member('amara_e', 'Amara Eze', '', 95),
  member('jonas_k', 'Jonas Krüger', '', 97),
  member('mei_l', 'Mei Lin', 'Landlord of three flats, all with Nimbus.', 99),
  member('liam_f', 'Liam Fletcher', '', 101),
]

export const SEED_TAGS: { name: string; description: string }[] = [
  { name: 'hub', description: 'Nimbus Hub: the smart-home hub, its devices and automations.' },
  {
    name: 'mesh-wifi',
    description: 'Nimbus Mesh routers and satellites: coverage, speed, settings.',
  },
  { name: 'thermostat', description: 'Nimbus Thermo: wiring, schedules, Eco mode and sensors.' },
  { name: 'doorbell', description: 'Nimbus Doorbell: live view, alerts, chimes and recordings.' },
  { name: 'app', description: 'The Nimbus app on iOS and Android.' },
  { name: 'billing', description: 'Nimbus Plus subscription, payments, invoices and refunds.' },
  { name: 'setup', description: 'Unboxing, installing and first-time setup of any device.' },
  { name: 'firmware', description: 'Firmware updates, versions, release notes and recovery.' },
  {
    name: 'integrations',
    description: 'Home Assistant, Google Home, Alexa, MQTT, webhooks and other systems.',
  },
  { name: 'account', description: 'Signing in, security, household members and account data.' },
]

/** `asker` means whoever asked the question. */
export interface CommentSpec {
  by: string
  /** Index into the thread's answers; absent for a comment on the question. */
  on?: number
  body: string
}

export interface AnswerSpec {
  by: string
  body: string
  /** Multiplies how many upvotes the answer draws (default 1). */
  appeal?: number
}

export interface ThreadSpec {
  key: string
  /** Roughly when it was asked; the plan adds a few hours of jitter. */
  daysAgo: number
  /** A handle; absent means someone from the member pool. */
  asker?: string
  title: string
  tags: string[]
  body: string
  answers?: AnswerSpec[]
  /** Index of the answer the asker accepts. */
  accepted?: number
  /** The answer staff mark official, and who marks it. */
  official?: { answer: number; by: string }
  comments?: CommentSpec[]
  /** Exact number of upvotes on the question (default: drawn by the PRNG). */
  questionVotes?: number
  /** Multiplies every vote count in the thread (default 1). */
  appeal?: number
}

const md = (...lines: string[]) => lines.join('\n')

export const THREADS: ThreadSpec[] = [
  {
    key: 'hub-amber-light',
    daysAgo: 59.5,
    title: 'Nimbus Hub stuck on a blinking amber light during setup',
    tags: ['hub', 'setup'],
    body: md(
      'I unboxed a new Nimbus Hub yesterday. Setup in the app gets as far as "Looking for your Hub" and then times out, and the light on the front just keeps blinking amber.',
      '',
      'What I have tried so far:',
      '',
      '1. Unplugged it for a minute and plugged it back in',
      '2. Moved it right next to the router',
      '3. Reinstalled the Nimbus app',
      '',
      'Phone is an iPhone 13 on the latest iOS, router is the one from my ISP. Anything else I can try before I send it back?',
    ),
    answers: [
      {
        by: 'priya_k',
        appeal: 1.3,
        body: md(
          'Blinking amber means the Hub is waiting for Wi-Fi details and never got them. Nine times out of ten that is the phone being on a band the Hub cannot see during setup.',
          '',
          "1. On your phone, forget the 5 GHz network for now and join the **2.4 GHz** one. ISP routers often give both bands the same name; if yours does, temporarily rename the 2.4 GHz network in the router's admin page.",
          '2. Keep Bluetooth **on**: the app hands the Wi-Fi password to the Hub over Bluetooth.',
          '3. Hold the button on the back of the Hub for 10 seconds until the light flashes white. That clears the half-finished setup.',
          '4. Start again from `Add device → Nimbus Hub` in the app.',
          '',
          'Once it is online you can move your phone back to 5 GHz. The Hub only needs 2.4 GHz for that first connection.',
        ),
      },
      {
        by: 'maya',
        body: md(
          "Thanks for the detailed report, and sorry for the hassle! Priya's steps are the right ones. One extra thing from our side: app version `4.2.0` had a bug where the setup screen could time out too early on iOS. It is fixed in `4.2.1`, so please update the app before you retry.",
          '',
          'If the light still blinks amber after a reset, the setup guide at https://example.com/nimbus/help/hub-setup has a table for every light colour, and you can always reach us from `Help → Contact support` in the app.',
        ),
      },
    ],
    accepted: 0,
    official: { answer: 1, by: 'maya' },
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'That was it: my phone had jumped to the 5 GHz network. The Hub is solid green now, thank you!',
      },
    ],
  },
  {
    key: 'mesh-weak-backhaul',
    daysAgo: 58,
    title: "Mesh satellite drops to 'weak backhaul' every evening",
    tags: ['mesh-wifi'],
    body: md(
      'I have the three-pack of Nimbus Mesh. During the day everything is fine, but most evenings between about 7 and 11 p.m. the upstairs satellite shows **Weak backhaul** in the app and speeds upstairs drop to almost nothing.',
      '',
      'The satellite is about 10 m from the main unit with one wall in between, and nothing has moved. Is this interference from the neighbours?',
    ),
    answers: [
      {
        by: 'netwrangler',
        appeal: 1.4,
        body: md(
          'Evening-only trouble is almost always congestion. That is when every neighbour is streaming, and your backhaul is competing with them on the same 5 GHz channel.',
          '',
          'Here is what I would do:',
          '',
          '1. In the app, open `Mesh → Advanced → Backhaul` and note the current channel.',
          '2. Switch **Backhaul channel** from `Auto` to a fixed DFS channel such as `100` or `116`. Far fewer home routers use those.',
          '3. Restart the satellite (not the whole mesh) so it renegotiates the link.',
          '4. Check the satellite link rate the next evening. You want it above 400 Mbps.',
          '',
          'If a fixed channel does not help, move the satellite a metre or two towards the main unit. One wall is fine; a wall with a fridge or a big mirror on it is not.',
          '',
          'For reference, a healthy backhaul looks like this in the diagnostics log:',
          '',
          '```',
          'backhaul: link=5G ch=116 rssi=-58 rate=866Mbps status=good',
          '```',
        ),
      },
    ],
    accepted: 0,
    official: { answer: 0, by: 'maya' },
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'Fixed channel 116 did it. Three evenings in a row without a single drop. Thanks Ben!',
      },
    ],
  },
  {
    key: 'thermo-no-power-rh',
    daysAgo: 56.5,
    title: "Thermo says 'No power to Rh' after install. Do I need a C-wire?",
    tags: ['thermostat', 'setup'],
    body: md(
      'I just swapped my old thermostat for a Nimbus Thermo. The old one ran on AA batteries and there are only two wires, red and white. The Thermo screen comes on for a few seconds, shows `No power to Rh` and goes dark.',
      '',
      'Do I need a C-wire, or did I wire it wrong?',
    ),
    answers: [
      {
        by: 'thermo_tess',
        appeal: 1.2,
        body: md(
          'With only red and white you have a heat-only system without a common wire, and the Thermo needs constant 24 V, which is exactly what the C-wire provides. Your wiring is not wrong, just incomplete.',
          '',
          'Three options, roughly in order of effort:',
          '',
          '1. **Check the wall first.** Pull the base off and look in the hole: there is often a spare blue or black wire tucked behind. If so, connect it to `C` on the Thermo and to `C` on the furnace control board.',
          '2. **Use the Nimbus power adapter.** It sits at the furnace and lets the Thermo draw power over the two wires you already have.',
          '3. **Run a new cable.** An 18/5 thermostat cable from the furnace gives you C plus spares for later.',
          '',
          'Whichever you pick, switch the furnace off at its switch or breaker before you touch the board.',
        ),
      },
      {
        by: 'maya',
        body: md(
          'Tess has it covered. To add: the power adapter is in the box with every Thermo sold since March. If yours did not come with one, request it free of charge at https://example.com/nimbus/thermo/power-adapter.',
          '',
          'Fitting it takes about 15 minutes, and the wiring guide in the app walks you through it step by step.',
        ),
      },
    ],
    accepted: 0,
    official: { answer: 0, by: 'maya' },
  },
  {
    key: 'billing-charged-twice',
    daysAgo: 55,
    title: 'Charged twice for Nimbus Plus this month',
    tags: ['billing', 'account'],
    body: 'My bank statement shows two charges of 9.99 for Nimbus Plus on the same day this month. I only have one home and one subscription in the app. How do I get the second one refunded?',
    answers: [
      {
        by: 'jordan',
        body: md(
          'Sorry about the scare! When a card payment is retried, the bank sometimes shows the first attempt as a pending charge for a few days. It never actually leaves your account and drops off by itself within 3 to 5 business days.',
          '',
          'To see which one is real:',
          '',
          '1. Open the app and go to `Account → Subscription → Billing history`.',
          '2. Every successful payment has an invoice number starting with `NP-`. If there is only one for this month, the other charge is a pending authorization.',
          '',
          'If both charges are still there after five business days, reply here or contact us from `Help → Billing` with the last four digits of the card, and we will refund the duplicate straight away.',
        ),
      },
    ],
    official: { answer: 0, by: 'jordan' },
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'Checked again this morning and the second charge is gone. Thanks for explaining!',
      },
    ],
  },
  {
    key: 'doorbell-live-view-slow',
    daysAgo: 53.5,
    title: 'Doorbell live view takes 15+ seconds to start',
    tags: ['doorbell'],
    body: 'When I tap the doorbell notification it takes 15 to 20 seconds before live view starts, which is long enough for the delivery driver to leave. Recorded clips play instantly, and the doorbell shows 3 bars of Wi-Fi. Any ideas?',
    answers: [
      {
        by: 'ringo_d',
        body: md(
          'A couple of things that helped me:',
          '',
          '- Turn off `Live view → HD on open` in the doorbell settings. It then starts in SD and switches up once the stream is stable.',
          '- Make sure the app is not restricted in the background on your phone, otherwise it has to cold-start before it can connect.',
          '',
          'That took mine from around 12 seconds down to 5.',
        ),
      },
      {
        by: 'netwrangler',
        appeal: 1.2,
        body: md(
          'Clips play instantly because they come from the cloud. Live view comes straight from the doorbell through your home upload, so it is almost always the doorbell Wi-Fi link or your upload speed.',
          '',
          '1. Check the link in `Device → Doorbell → Network`. "3 bars" can still mean `rssi=-72`, which is borderline for video; anything worse than `-65` is worth fixing.',
          '2. If you have Nimbus Mesh, put a satellite within a room or two of the front door.',
          '3. Run a speed test on home Wi-Fi: live view needs about **2 Mbps upload**, sustained. Some cable plans only give 5 Mbps in total, shared with everything else.',
          '',
          'Doorbells sit in metal frames and brick walls, so a signal that looks fine on paper often is not.',
        ),
      },
    ],
    accepted: 1,
    comments: [
      {
        by: 'asker',
        on: 1,
        body: 'RSSI was -74. I moved a mesh satellite to the hallway and live view now opens in about 4 seconds.',
      },
    ],
  },
  {
    key: 'hub-home-assistant',
    daysAgo: 52,
    title: 'How do I expose Nimbus Hub devices to Home Assistant?',
    tags: ['integrations', 'hub'],
    appeal: 1.3,
    body: 'I run Home Assistant on a Raspberry Pi and would love to get the lights and sensors from my Nimbus Hub in there. Is there an official integration, or do I need to go through MQTT? I could not find anything in the app settings.',
    answers: [
      {
        by: 'priya_k',
        appeal: 1.4,
        body: md(
          'There is no official Home Assistant add-on, but the Hub has a local MQTT bridge that works well. I have been running it for a year with around 40 devices.',
          '',
          '1. In the app, go to `Settings → Hub → Advanced → Local API` and turn on **MQTT bridge**.',
          "2. Enter your broker's address (the Mosquitto add-on in Home Assistant is fine) plus a username and password.",
          '3. Turn on **Home Assistant discovery** so devices show up automatically.',
          '',
          'If you would rather define things by hand, a light looks like this in `configuration.yaml`:',
          '',
          '```yaml',
          'mqtt:',
          '  light:',
          '    - name: Living room lamp',
          '      state_topic: nimbus/hub/light/living_room/state',
          '      command_topic: nimbus/hub/light/living_room/set',
          '      schema: json',
          '```',
          '',
          'Everything stays on your local network, so it keeps working when the internet is down. The topic reference is at https://example.com/nimbus/developers/mqtt.',
        ),
      },
    ],
    accepted: 0,
    official: { answer: 0, by: 'maya' },
    comments: [
      {
        by: 'maya',
        on: 0,
        body: 'Great write-up, Priya. We have linked this thread from the integrations guide.',
      },
    ],
  },
  {
    key: 'mesh-firmware-failed',
    daysAgo: 50.5,
    title: 'Firmware 3.8.1 update failed on one satellite and now it is offline',
    tags: ['firmware', 'mesh-wifi'],
    body: md(
      'The app pushed firmware 3.8.1 last night. The main unit and one satellite updated fine, but the other satellite now has a solid red light and shows as **Offline** in the app. Power cycling has not helped.',
      '',
      'This is the line from the update history:',
      '',
      '```',
      'update: satellite-2 3.7.4 -> 3.8.1 FAILED (verify error)',
      '```',
    ),
    answers: [
      {
        by: 'netwrangler',
        appeal: 1.3,
        body: md(
          'Solid red after a failed update usually means the unit is sitting in its recovery bootloader waiting for an image. That is good news: it is not bricked.',
          '',
          '1. Connect the satellite to the main unit **with an Ethernet cable**.',
          '2. Power it on while holding the reset pin for about 15 seconds, until the light pulses red.',
          '3. Leave it for 10 minutes. The main unit detects recovery mode and pushes the firmware over the cable.',
          '4. When the light turns white, unplug the cable and put the satellite back in its place.',
          '',
          'If the app still says offline after that, remove it from the mesh and add it again. Your settings live on the main unit, so you will not lose anything.',
        ),
      },
      {
        by: 'maya',
        body: md(
          "Thanks for flagging this. A small number of satellites failed the 3.8.1 verify step when the update started during heavy traffic. Ben's recovery steps are exactly right, and we have published them with pictures at https://example.com/nimbus/help/mesh-recovery.",
          '',
          'Since this morning updates wait until the mesh is idle, so it should not happen again. If recovery does not work for you, contact support and we will replace the unit.',
        ),
      },
    ],
    accepted: 0,
    official: { answer: 1, by: 'maya' },
  },
  {
    key: 'account-household-sharing',
    daysAgo: 49,
    title: 'Can two people in the same household share one Nimbus account?',
    tags: ['app', 'account'],
    body: 'My partner and I both want to control the thermostat and see the doorbell. Right now we are both logged into my account on two phones. Is that OK, or is there a proper way to share?',
    answers: [
      {
        by: 'maya',
        body: md(
          'Sharing one login works, but you both get logged out whenever one of you changes the password, and the activity log cannot tell you apart. The proper way is household members:',
          '',
          '1. Open `Settings → Home → Members`.',
          "2. Tap **Invite** and enter your partner's email address.",
          '3. They create their own Nimbus account from the invite link and get access to the same home.',
          '',
          'Members can use every device; only the home owner can manage the subscription and remove devices. There is no extra charge for members.',
        ),
      },
      {
        by: 'priya_k',
        body: 'Seconding the member invite. One tip: each member sets their own notification preferences, so your partner can mute motion alerts without muting them for you. That alone ended a lot of arguments in our house.',
      },
    ],
    official: { answer: 0, by: 'maya' },
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'Done, invite sent. I had no idea the Members page existed!',
      },
    ],
  },
  {
    key: 'thermo-eco-mode',
    daysAgo: 47.5,
    title: 'Eco mode keeps switching on by itself and overriding my schedule',
    tags: ['thermostat'],
    body: 'Every couple of days the Thermo drops into Eco mode in the middle of the afternoon, even though someone is home and my schedule says 21 °C. I have to switch it back by hand. How do I stop this?',
    answers: [
      {
        by: 'thermo_tess',
        appeal: 1.2,
        body: md(
          'That is **Away Assist**. The Thermo switches to Eco when it thinks nobody is home, based on its motion sensor and the phones in the household. If someone is working in a room the Thermo cannot see, it guesses wrong.',
          '',
          '1. Go to `Thermo → Settings → Away Assist`.',
          '2. Either turn it off, or turn on **Use phone location** so it also checks whether anyone’s phone is at home.',
          '3. If you keep it on, make sure every household member has location permission set to **Always** for the Nimbus app.',
          '',
          'Your schedule is then followed exactly, and Eco only kicks in once everyone has really left.',
        ),
      },
      {
        by: 'priya_k',
        body: 'Also check `Settings → Home → Members`: an old phone that is still listed counts towards presence and can confuse it. I had a tablet in a drawer doing exactly that.',
      },
    ],
    accepted: 0,
  },
  {
    key: 'hub-zigbee-sensor',
    daysAgo: 46,
    title: 'Zigbee door sensor pairs but never reports open or closed',
    tags: ['hub', 'integrations'],
    body: md(
      'I paired a third-party Zigbee contact sensor on my front door. The Hub found it and it shows up in the app, but the state is stuck on **Closed** no matter what. The battery is brand new.',
      '',
      'Is there a list of supported sensors somewhere?',
    ),
    answers: [
      {
        by: 'priya_k',
        appeal: 1.2,
        body: md(
          'The Hub supports most standard Zigbee contact sensors, but some pair without finishing the "interview", where the Hub asks which features they have. When that happens you get the device but no state updates.',
          '',
          '1. Remove the sensor in the app.',
          '2. Bring it within a metre of the Hub.',
          '3. Reset the sensor (usually a long press on its button until the LED blinks) and pair it again.',
          '4. **Keep pressing its button every few seconds** for the first minute. Battery sensors fall asleep mid-interview otherwise.',
          '',
          'You can check whether the interview finished in `Settings → Hub → Diagnostics → Zigbee log`:',
          '',
          '```',
          'zigbee: 0x4f21 interview complete clusters=[0x0000,0x0001,0x0500]',
          '```',
          '',
          'If it says `interview incomplete` instead, repeat step 4. The compatibility list is at https://example.com/nimbus/hub/zigbee-devices.',
        ),
      },
    ],
    accepted: 0,
    comments: [
      {
        by: 'asker',
        body: 'Forgot to mention: the sensor is a generic one from an online shop, not a Nimbus product.',
      },
      {
        by: 'asker',
        on: 0,
        body: 'Step 4 was the trick. The log now says interview complete and the door state updates instantly.',
      },
    ],
  },
  {
    key: 'mesh-placement',
    daysAgo: 44.5,
    title: 'Best placement for three Nimbus Mesh units in a two-storey house?',
    tags: ['mesh-wifi', 'setup'],
    appeal: 1.4,
    body: 'I just bought the three-pack. The main unit has to go in the living room by the fibre box (ground floor, front of the house). Upstairs there are three bedrooms and an office at the back. Where should the other two go?',
    answers: [
      {
        by: 'netwrangler',
        appeal: 1.3,
        body: md(
          'General rule: each satellite goes **halfway** between the unit it talks to and the area you want covered, not in the dead zone itself.',
          '',
          'For your layout I would try:',
          '',
          '1. **Satellite 1:** upstairs landing, roughly above the living room. It gets a strong link straight up through the floor.',
          '2. **Satellite 2:** ground floor towards the back (kitchen or hallway), covering the back of the house and the office above it.',
          '',
          'Then run `Mesh → Diagnostics → Placement test`. Each satellite should show **Good** or **Great**; if one says **Fair**, move it a couple of metres towards the main unit.',
          '',
          'Keep them off the floor and away from fish tanks, mirrors and the microwave. Water and metal are what really kill Wi-Fi.',
        ),
      },
      {
        by: 'ringo_d',
        body: "Ben's layout is what I ended up with in a very similar house. If you ever get a cable to the back of the house, plug that satellite in with Ethernet: the mesh detects wired backhaul automatically and the office gets full speed.",
      },
    ],
    accepted: 0,
  },
  {
    key: 'doorbell-alerts-late-android',
    daysAgo: 43,
    title: 'Doorbell motion alerts arrive 30 seconds late on Android',
    tags: ['doorbell', 'app'],
    body: 'On my Samsung phone, motion alerts from the doorbell show up 20 to 40 seconds after the event. My partner’s iPhone gets them instantly. Same Wi-Fi, same account.',
    answers: [
      {
        by: 'ringo_d',
        appeal: 1.3,
        body: md(
          'Classic Android battery optimisation. Samsung is especially keen on delaying notifications for apps it thinks you do not use much.',
          '',
          '1. `Settings → Apps → Nimbus → Battery` and set it to **Unrestricted**.',
          '2. `Settings → Battery → Background usage limits` and make sure Nimbus is not under **Sleeping apps** or **Deep sleeping apps**.',
          '3. In the Nimbus app, `Settings → Notifications → Priority alerts` should be on for the doorbell.',
          '',
          'After that my alerts arrive within a couple of seconds, even with the screen off.',
        ),
      },
    ],
    accepted: 0,
    comments: [
      {
        by: 'priya_k',
        on: 0,
        body: 'The same fix worked on my Pixel, where the culprit was `Adaptive battery`. Worth adding to the FAQ.',
      },
      {
        by: 'asker',
        on: 0,
        body: 'It was listed under Deep sleeping apps. Alerts are instant now, thanks!',
      },
    ],
  },
  {
    key: 'thermo-display-freeze',
    daysAgo: 41.5,
    title: 'Thermo display freezes after updating to firmware 2.14',
    tags: ['firmware', 'thermostat'],
    body: 'Since the Thermo updated to firmware 2.14 last week, the display freezes once or twice a day. Heating still follows the schedule, but the screen shows the same temperature for hours and ignores touch until I pull it off the wall.',
    answers: [
      {
        by: 'thermo_tess',
        body: md(
          'Until there is a fix, you can get it back without pulling it off the wall: restart it from the app with `Thermo → Settings → Restart`. Heating carries on during the restart.',
          '',
          'If it happens a lot, turn off `Display → Ambient mode` for now. On my units the freeze only ever happened when the screen woke up from ambient mode.',
        ),
      },
      {
        by: 'maya',
        body: md(
          'Thanks everyone for the reports. We found the cause: a memory leak in the ambient display code that came with `2.14.0`. Firmware `2.14.2` fixes it and is rolling out now; every Thermo should have it within 48 hours.',
          '',
          'To check or update right away:',
          '',
          '1. Open `Thermo → Settings → About`.',
          '2. If it says `2.14.0` or `2.14.1`, tap **Check for updates**.',
          '',
          "Tess's workaround (turning off ambient mode) is safe to use until the update arrives. Release notes: https://example.com/nimbus/thermo/release-notes.",
        ),
      },
    ],
    accepted: 0,
    official: { answer: 1, by: 'maya' },
  },
  {
    key: 'hub-moving-house',
    daysAgo: 38.5,
    asker: 'alex',
    questionVotes: 3,
    title: 'Moving house: can I move my Hub without redoing every automation?',
    tags: ['hub', 'setup'],
    body: 'We are moving next month. I have a Hub with about 25 devices and a dozen automations. Do I have to factory reset everything and start over at the new place, or can I just unplug it and take it with me?',
    answers: [
      {
        by: 'priya_k',
        body: md(
          'Good news: you can take it with you. The Hub keeps its devices and automations; the only thing that changes is the Wi-Fi it joins.',
          '',
          '1. **Before you move**, open `Settings → Hub → Backup` and tap **Back up now**, just in case.',
          '2. At the new place, plug in the Hub. It blinks amber because it cannot find the old Wi-Fi.',
          '3. In the app, go to `Settings → Hub → Wi-Fi → Change network` and pick the new one.',
          '4. Update the address under `Settings → Home → Location` so sunrise and sunset automations use the right times.',
          '',
          'Zigbee devices reconnect by themselves once the Hub is back; give battery sensors a press if they stay offline. The only automations you will need to touch are the ones that use devices you leave behind.',
        ),
      },
    ],
    accepted: 0,
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'Thanks! The backup step is reassuring. I will report back after the move.',
      },
    ],
  },
  {
    key: 'app-iphone-logout',
    daysAgo: 37,
    title: 'Nimbus app logs me out every morning on iPhone',
    tags: ['app'],
    body: 'Every morning the Nimbus app on my iPhone has logged me out and I have to type my password again. It has been happening for about two weeks. My partner’s phone is fine.',
    answers: [
      {
        by: 'ringo_d',
        body: 'Try logging out by hand, deleting the app, restarting the phone and then installing it again. A corrupted keychain entry can cause exactly this, and a fresh install clears it.',
      },
      {
        by: 'netwrangler',
        body: md(
          'Another thing to check: if you use iCloud Private Relay, or a VPN or DNS profile that changes your IP address a lot, the app session can be invalidated when it suddenly appears from somewhere very different.',
          '',
          'Try turning off `Settings → [your name] → iCloud → Private Relay` for a day and see whether it still happens.',
        ),
      },
    ],
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'Reinstalled and restarted, still logged out this morning. I am on iOS 18.1 if that helps.',
      },
      {
        by: 'asker',
        on: 1,
        body: 'No Private Relay here, but I do have an ad-blocking DNS profile. I will try a few days without it.',
      },
    ],
  },
  {
    key: 'integrations-google-routines',
    daysAgo: 35.5,
    title: 'Thermostat missing from Google Home routines',
    tags: ['integrations', 'thermostat'],
    body: 'I linked Nimbus to Google Home and can control the lights by voice. But when I create a routine in the Google Home app, the Nimbus thermostat does not appear for the "Adjust thermostats" action. Is that supported?',
    answers: [
      {
        by: 'priya_k',
        appeal: 1.2,
        body: md(
          'It is supported, but the thermostat only shows up in routines after Google re-syncs the device list, and that does not happen by itself when you add a device after linking.',
          '',
          '1. Say "Hey Google, sync my devices", or in the Google Home app go to `Settings → Works with Google → Nimbus` and tap **Check for new devices**.',
          '2. Make sure the Thermo is assigned to a room in the Google Home app. Unassigned devices are hidden from some routine actions.',
          '3. Create the routine again. `Adjust thermostats` should now list it.',
          '',
          'Heat and cool mode changes work too. Eco mode does not, which is a Google limitation rather than a Nimbus one.',
        ),
      },
    ],
    accepted: 0,
  },
  {
    key: 'mesh-port-forwarding',
    daysAgo: 34,
    title: 'Port forwarding for a game server behind Nimbus Mesh',
    tags: ['mesh-wifi'],
    appeal: 1.2,
    body: 'I want to host a small Minecraft server for friends on a PC at home. Where is port forwarding on Nimbus Mesh? The PC is wired to a satellite, if that matters.',
    answers: [
      {
        by: 'netwrangler',
        appeal: 1.4,
        body: md(
          'Port forwarding lives on the main unit, and it does not matter which satellite the PC is wired to.',
          '',
          '1. First give the PC a fixed address: `Mesh → Devices → [your PC] → Reserve IP`.',
          '2. Then open `Mesh → Advanced → Port forwarding → Add rule`.',
          '3. Fill it in like this:',
          '',
          '```ini',
          'name     = minecraft',
          'device   = gaming-pc (192.168.68.20)',
          'protocol = TCP',
          'external = 25565',
          'internal = 25565',
          '```',
          '',
          '4. Save, then test from outside your network (mobile data works) with your public IP and port `25565`.',
          '',
          'If it still does not work, check whether your ISP uses CGNAT: if the WAN address under `Mesh → Internet` starts with `100.64.`, you will need to ask them for a public IPv4 address.',
        ),
      },
    ],
    accepted: 0,
    official: { answer: 0, by: 'maya' },
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'Works! Friends are already on. The IP reservation was the bit I was missing.',
      },
    ],
  },
  {
    key: 'account-two-factor',
    daysAgo: 32.5,
    title: 'How do I turn on two-factor authentication for my account?',
    tags: ['account', 'app'],
    body: 'I would like to secure my Nimbus account a bit more, since it controls my front door camera. Is there two-factor authentication, and where do I turn it on?',
    answers: [
      {
        by: 'maya',
        body: md(
          'Yes, and we strongly recommend it. Here is how:',
          '',
          '1. Open `Account → Security → Two-factor authentication`.',
          '2. Choose **Authenticator app** (recommended) or **SMS**.',
          '3. Scan the QR code with your authenticator app and enter the 6-digit code to confirm.',
          '4. Save the **recovery codes** somewhere safe, such as a password manager. They are the only way back in if you lose your phone.',
          '',
          'After that every new sign-in asks for a code. Household members set up two-factor on their own accounts. More detail at https://example.com/nimbus/help/account-security.',
        ),
      },
    ],
    official: { answer: 0, by: 'maya' },
    comments: [
      {
        by: 'priya_k',
        on: 0,
        body: 'Highly recommend the authenticator app option. SMS codes sometimes take minutes to arrive.',
      },
    ],
  },
  {
    key: 'hub-nightly-reboot',
    daysAgo: 31,
    title: 'Hub goes offline every night around 3 a.m.',
    tags: ['hub', 'firmware'],
    body: 'My automation log shows the Hub going offline for about two minutes every night at around 3:05 a.m. Nothing else in the house loses power. Is the Hub failing?',
    answers: [
      {
        by: 'priya_k',
        body: md(
          'Probably not failing! That is the nightly maintenance restart. The Hub restarts once a day to apply pending updates and compact its database, by default in the quietest hour, which is usually around 3 a.m.',
          '',
          'If it clashes with an automation (mine clashed with a 3 a.m. heating boost in winter), you can move it:',
          '',
          '1. Open `Settings → Hub → Maintenance window`.',
          '2. Pick a time when nothing is scheduled.',
          '',
          'Automations scheduled during the restart run as soon as the Hub is back, so they are delayed rather than skipped.',
        ),
      },
    ],
    accepted: 0,
    comments: [
      {
        by: 'netwrangler',
        on: 0,
        body: 'You can confirm it in `Settings → Hub → Diagnostics` too: the last reboot reason shows as `scheduled_maintenance`.',
      },
    ],
  },
  {
    key: 'thermo-heat-pump-aux',
    daysAgo: 29.5,
    title: 'Nimbus Thermo with a heat pump and electric auxiliary heat',
    tags: ['thermostat', 'setup'],
    body: 'I have an air-source heat pump with electric auxiliary heat strips. The wires at the old thermostat are R, C, Y, G, O/B, W2 and E. Can the Nimbus Thermo handle this, and how do I stop it running the expensive aux heat all the time?',
    answers: [
      {
        by: 'thermo_tess',
        appeal: 1.3,
        body: md(
          'Yes, the Thermo supports heat pumps with aux and emergency heat. Wire it like this:',
          '',
          '| Wire | Thermo terminal |',
          '| --- | --- |',
          '| R | `Rc` |',
          '| C | `C` |',
          '| Y | `Y1` |',
          '| G | `G` |',
          '| O/B | `O/B` |',
          '| W2 | `AUX` |',
          "| E | `E` (or `AUX` if there's no E) |",
          '',
          'Then, in the setup wizard:',
          '',
          '1. Set **Reversing valve** to `O` (energised in cool). Most brands use O; if heating and cooling come out backwards, switch to `B`.',
          '2. Under `Heat pump → Aux heat`, set **Aux lockout above** to around `2 °C`, so the strips cannot run when the heat pump copes on its own.',
          '3. Turn off **Aux for fast recovery** if you do not mind the house taking longer to warm up after a setback.',
          '',
          'Those two settings are what keep the electricity bill sane.',
        ),
      },
    ],
    accepted: 0,
    official: { answer: 0, by: 'jordan' },
  },
  {
    key: 'doorbell-mechanical-chime',
    daysAgo: 28,
    title: 'Mechanical chime does not ring after installing the doorbell',
    tags: ['doorbell', 'setup'],
    body: 'I installed the Nimbus Doorbell in place of my old wired button. The doorbell itself works and notifications come through, but the old mechanical chime in the hallway no longer rings.',
    answers: [
      {
        by: 'ringo_d',
        appeal: 1.2,
        body: md(
          'You need to tell the doorbell what kind of chime you have, and with most mechanical chimes you also need the chime kit:',
          '',
          '1. In the app, open `Doorbell → Settings → Chime type` and pick **Mechanical**.',
          '2. If it still does not ring, fit the small chime kit from the box inside the chime cover, across the `FRONT` and `TRANS` terminals.',
          '3. Check the transformer: the doorbell needs 16 to 24 V AC. Older houses often have 10 V transformers that cannot drive both the doorbell and the chime.',
          '',
          'Mine stayed silent until step 2, and it has been perfect since.',
        ),
      },
      {
        by: 'maya',
        body: "To add to Diego's answer: if your box was missing the chime kit, we will send one free. Request it at https://example.com/nimbus/doorbell/chime-kit. A chime that buzzes instead of dinging is another sign that the transformer is too weak.",
      },
    ],
    accepted: 0,
  },
  {
    key: 'billing-change-card',
    daysAgo: 26.5,
    asker: 'sam',
    title: 'How do I change the card used for my Nimbus Plus subscription?',
    tags: ['billing', 'account'],
    body: 'My card expires at the end of the month. Where do I update the payment method for Nimbus Plus? I cannot see it anywhere in the app.',
    answers: [
      {
        by: 'jordan',
        body: md(
          'You cannot change the card inside the iOS app because of App Store rules, but you can do it on the web:',
          '',
          '1. Sign in at https://example.com/nimbus/account.',
          '2. Go to **Subscription → Payment method → Replace card**.',
          '3. Enter the new card. The next renewal uses it automatically.',
          '',
          'If you originally subscribed through the App Store or Google Play, the card is managed by Apple or Google instead. The `Billed by` line on the Subscription page tells you which applies.',
        ),
      },
    ],
    accepted: 0,
    official: { answer: 0, by: 'jordan' },
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'Billed by Nimbus in my case. Updated it on the web, thanks Jordan!',
      },
    ],
  },
  {
    key: 'mesh-wpa3-iot',
    daysAgo: 25,
    title: "2.4 GHz devices can't find the network after I enabled WPA3",
    tags: ['mesh-wifi'],
    appeal: 1.2,
    body: 'I switched the Nimbus Mesh security to WPA3 because the app recommended it. Since then my robot vacuum, two smart plugs and the printer cannot see the network at all. Switching back fixes it. Do I have to choose between security and my devices?',
    answers: [
      {
        by: 'netwrangler',
        appeal: 1.4,
        body: md(
          'Not really: use **WPA2/WPA3 transition mode**. Most older 2.4 GHz smart-home devices only speak WPA2, so they simply do not see a WPA3-only network.',
          '',
          '1. Open `Mesh → Wi-Fi → Security` and choose **WPA2/WPA3**.',
          '2. Phones and laptops still connect with WPA3; older devices fall back to WPA2.',
          '',
          'To go further, create a separate **IoT network** (`Mesh → Wi-Fi → Add network`), 2.4 GHz only and WPA2, and move the plugs and the vacuum there. Your main network can then stay WPA3-only.',
          '',
          'Leave **PMF** (protected management frames) on `Optional`, not `Required`. Some plugs refuse to connect otherwise.',
        ),
      },
    ],
    accepted: 0,
    official: { answer: 0, by: 'maya' },
  },
  {
    key: 'app-android-widget',
    daysAgo: 23.5,
    title: "Android home-screen widget shows 'Unavailable'",
    tags: ['app'],
    body: 'The Nimbus widget on my Android home screen has said "Unavailable" for a week. The app itself works fine. Removing and re-adding the widget did not help.',
    answers: [
      {
        by: 'ringo_d',
        body: md(
          'This usually happens after the app updates in the background while the widget is running. What fixed it for me:',
          '',
          '1. Force stop the app: `Settings → Apps → Nimbus → Force stop`.',
          '2. Clear the **cache** (not the storage, or you will have to log in again).',
          '3. Open the app once, then add the widget again.',
          '',
          'If you use a third-party launcher, try the stock one too. Some of them do not refresh widgets properly.',
        ),
      },
    ],
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'Cleared the cache and the widget worked for a day, then went back to Unavailable. I use the Samsung launcher.',
      },
    ],
  },
  {
    key: 'hub-webhook-payload',
    daysAgo: 22,
    title: 'What does the webhook from a Hub automation look like?',
    tags: ['integrations', 'hub'],
    body: 'I would like a Hub automation to call my own server when the garage door opens, using the **Send webhook** action. What does the request look like? I want to validate it on my side.',
    answers: [
      {
        by: 'priya_k',
        appeal: 1.2,
        body: md(
          'It is a `POST` with a JSON body. Here is one captured from my garage automation:',
          '',
          '```json',
          '{',
          '  "event": "automation.triggered",',
          '  "automation": "Garage opened",',
          '  "device": { "id": "dev_7f3a", "name": "Garage door", "state": "open" },',
          '  "home": "home_12c",',
          '  "timestamp": "2025-11-14T18:22:05Z"',
          '}',
          '```',
          '',
          'To check that it really came from your Hub:',
          '',
          '1. When you create the action, set a **Signing secret**.',
          '2. Each request then carries an `X-Nimbus-Signature` header: an HMAC-SHA256 of the raw body with that secret.',
          '3. Compute the same on your server and compare in constant time.',
          '',
          'The Hub retries three times with a short back-off if your server does not answer `2xx` within 5 seconds.',
        ),
      },
    ],
    official: { answer: 0, by: 'maya' },
    comments: [
      {
        by: 'maya',
        on: 0,
        body: 'Confirmed, this matches the spec exactly. Marking it official so it is easy to find.',
      },
    ],
  },
  {
    key: 'thermo-humidity-offset',
    daysAgo: 20.5,
    title: 'Thermo humidity reads about 10% higher than my hygrometer',
    tags: ['thermostat'],
    body: 'My Thermo shows 58% humidity in the living room, but a standalone hygrometer right next to it says 47 to 48%. Which one is right, and can I calibrate the Thermo?',
    answers: [
      {
        by: 'thermo_tess',
        body: md(
          'Cheap hygrometers are often off by 5% or more, so first find out which one is right: put both in a sealed bag with a bottle cap of damp table salt for 8 hours. Salt solution holds the air at 75% humidity.',
          '',
          'If the Thermo turns out to be the one that is off:',
          '',
          '1. Open `Thermo → Settings → Sensors → Humidity offset`.',
          '2. Set the offset in whole percent, for example `-10`.',
          '',
          'Also check that the Thermo is not above a kettle, a bathroom door or a radiator. Warm, moist air rising up the wall throws off both temperature and humidity.',
        ),
      },
    ],
    accepted: 0,
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'The salt test showed my hygrometer was the one that was wrong. Learned something new, thanks!',
      },
    ],
  },
  {
    key: 'hub-behind-vpn-router',
    daysAgo: 18.5,
    title: 'Does the Nimbus Hub work when my router runs a VPN client?',
    tags: ['hub', 'mesh-wifi'],
    body: 'My router runs a WireGuard VPN client, so all traffic leaves through a VPN provider. Since I set that up, the Hub works on local Wi-Fi but shows as offline in the app when I am away from home. Is there a way to keep the VPN and still have remote access?',
  },
  {
    key: 'firmware-versions-list',
    daysAgo: 17,
    title: 'Where can I see which firmware each of my devices is running?',
    tags: ['firmware'],
    body: 'Support asked me which firmware my devices are on and I could not find it. Is there one place to see the firmware versions of the Hub, the Mesh units and the doorbell?',
    answers: [
      {
        by: 'maya',
        body: md(
          'There is, although it is a bit hidden, sorry!',
          '',
          '1. Open `Settings → Devices → Firmware`.',
          '2. Every device is listed with its current version and whether an update is pending.',
          '3. Tap **Copy report** to copy the whole list as text, handy for pasting into a support chat.',
          '',
          'The report looks like this:',
          '',
          '```',
          'hub         4.6.2  up to date',
          'mesh-main   3.8.1  up to date',
          'mesh-sat-1  3.8.1  up to date',
          'doorbell    1.9.0  update pending (1.9.1)',
          '```',
        ),
      },
      {
        by: 'priya_k',
        body: "If you prefer checking on the device itself, the Hub's local page at `http://nimbus-hub.local` shows its version too (from your home network only). Handy when the app is being slow.",
      },
      {
        by: 'netwrangler',
        body: 'For the mesh units, `Mesh → Diagnostics → System` also shows the bootloader version, which support sometimes asks for after a failed update.',
      },
    ],
    official: { answer: 0, by: 'maya' },
  },
  {
    key: 'mesh-guest-password',
    daysAgo: 15.5,
    title: 'Guest network password only shows as dots in the app',
    tags: ['mesh-wifi', 'app'],
    body: 'In the app the guest network password is shown as dots and there is no eye icon to reveal it. How am I supposed to share it with visitors?',
    answers: [
      {
        by: 'netwrangler',
        body: 'Tap the **Share** button on the guest network card instead. It shows a QR code that phones can scan to join, plus a copy button for the password. The eye icon was removed in a recent version, for privacy reasons as far as I know.',
      },
    ],
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'The share button only offers the QR code on my phone, there is no copy button. App 4.3 on Android.',
      },
    ],
  },
  {
    key: 'doorbell-on-tv',
    daysAgo: 14,
    title: 'Can I show the doorbell camera on a Fire TV or Chromecast?',
    tags: ['doorbell', 'integrations'],
    body: 'Is there a way to see the doorbell camera on the TV when someone rings? We have a Fire TV Stick in the living room and a Chromecast upstairs.',
    answers: [
      {
        by: 'ringo_d',
        body: md(
          'For Fire TV, enable the Nimbus skill in the Alexa app and say "Alexa, show the front door". The skill also has a setting to pop the feed up automatically when someone rings.',
          '',
          'A Chromecast with Google TV works the same way through Google Home: "Hey Google, show the front door on the living room TV".',
        ),
      },
      {
        by: 'priya_k',
        body: 'Worth knowing: the automatic pop-up only works on Fire TV devices, not on the Chromecast. On mine I use a Hub automation that sends a notification to the TV, but you still have to ask for the feed.',
      },
    ],
  },
  {
    key: 'app-dark-mode',
    daysAgo: 12,
    asker: 'alex',
    questionVotes: 1,
    title: 'Is there a dark mode in the Nimbus app?',
    tags: ['app'],
    body: 'Small thing, but the Nimbus app is very bright at night when I check the doorbell from bed. Is there a dark mode I am missing?',
    answers: [
      {
        by: 'ringo_d',
        body: 'The app follows your phone’s system setting: if the phone is in dark mode, the app goes dark too. As far as I know there is no separate switch inside the app.',
      },
    ],
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'My phone is in dark mode and the app is still white. Maybe it depends on the app version?',
      },
    ],
  },
  {
    key: 'account-email-change',
    daysAgo: 10.5,
    title: 'Changed my email address and now I cannot log in',
    tags: ['account'],
    body: 'I changed the email on my Nimbus account yesterday. When I log in with the new address it says "Email not verified", and the verification email never arrives. The old address does not work either.',
    answers: [
      {
        by: 'jordan',
        body: md(
          'Sorry about that. An email change only takes effect after you click the link sent to the **new** address; until then the old address should still work. A few things to check:',
          '',
          '1. Look in spam, promotions and any filters for mail from `no-reply@nimbus.example`.',
          '2. On the login screen, tap **Resend verification** once. Please do not tap it repeatedly, because each tap invalidates the previous link.',
          '3. If nothing arrives within an hour, reply here and I will check the mail logs for your address.',
        ),
      },
    ],
    comments: [
      {
        by: 'asker',
        on: 0,
        body: 'Resent once, and nothing in spam either. It is a work address, so maybe our company filter is eating it?',
      },
      {
        by: 'jordan',
        on: 0,
        body: 'Quite likely. Could you ask your IT team to allow mail from `no-reply@nimbus.example`? Otherwise I can switch the address back for you.',
      },
    ],
  },
  {
    key: 'thermo-fan-always-on',
    daysAgo: 9,
    title: 'Thermo fan runs constantly even when set to Auto',
    tags: ['thermostat'],
    body: 'Since I installed the Thermo, the furnace fan runs all the time, even with the fan set to **Auto** and no heating going on. The old thermostat never did this. The wires are R, W, G and C.',
  },
  {
    key: 'billing-yearly-plan',
    daysAgo: 7,
    title: 'Is Nimbus Plus cheaper if I pay yearly?',
    tags: ['billing'],
    body: 'I have been on monthly Nimbus Plus for a year. Is there a cheaper yearly option, and if I switch, do I lose the month I have already paid for?',
    answers: [
      {
        by: 'jordan',
        body: md(
          'Yes: yearly Nimbus Plus costs the same as 10 months of the monthly plan. When you switch, the unused part of your current month is credited to the yearly plan, so you do not lose anything.',
          '',
          '1. Open `Account → Subscription → Change plan`.',
          '2. Pick **Yearly** and confirm.',
          '',
          'If you subscribed through the App Store or Google Play, switch there instead; Apple or Google handle the credit.',
        ),
      },
      {
        by: 'priya_k',
        body: 'I switched last month and the credit showed up right away on the first yearly invoice. Worth it if you are keeping the subscription anyway.',
      },
    ],
    official: { answer: 0, by: 'jordan' },
  },
  {
    key: 'thermo-heating-no-furnace',
    daysAgo: 3.2,
    asker: 'sam',
    title: "Thermo shows 'Heating' but the furnace never starts",
    tags: ['thermostat', 'setup'],
    body: md(
      'New Thermo install. The app shows **Heating** with the orange flame, but the furnace never starts. The wires are R, W and C, and I have double-checked every connection. The wiring check in the app says everything is fine:',
      '',
      '```',
      'thermo: call_for_heat W1=on rh_voltage=24.3V c=ok',
      '```',
      '',
      'What else should I look at?',
    ),
  },
  {
    key: 'mesh-satellite-slow',
    daysAgo: 2.1,
    title: 'Satellite only gets 20 Mbps while the main unit gets 400',
    tags: ['mesh-wifi'],
    body: 'A speed test next to the main unit gives 400 Mbps. Next to the upstairs satellite I get 20 Mbps, even though the app rates the satellite connection as **Great**. Phones and laptops are all slow upstairs. All units are on firmware 3.8.1.',
  },
  {
    key: 'doorbell-night-vision',
    daysAgo: 1.2,
    title: 'Night vision looks washed out since doorbell firmware 1.9',
    tags: ['doorbell', 'firmware'],
    body: 'Since the doorbell updated to 1.9, the night view is almost completely white in the middle of the picture and faces are unrecognisable. Daytime video is fine. There is a porch light about a metre away, but it was there before the update too.',
  },
  {
    key: 'hub-matter-support',
    daysAgo: 0.6,
    title: 'Is Matter support coming to the Nimbus Hub?',
    tags: ['integrations', 'hub'],
    body: 'I am planning to buy some Matter-over-Thread lights. Does the Nimbus Hub support Matter today, or is it on the roadmap? I would rather not end up with two hubs.',
  },
  {
    key: 'billing-vat-invoice',
    daysAgo: 0.25,
    title: 'Can I get a VAT invoice for my Nimbus Plus subscription?',
    tags: ['billing', 'account'],
    body: 'I use the doorbell for my small shop and want to claim Nimbus Plus as a business expense. The receipts in the app do not show a VAT number. Is there a way to add my company details?',
  },
  {
    key: 'account-delete-everything',
    daysAgo: 0.08,
    title: 'How do I delete my account and all recorded video?',
    tags: ['account', 'app'],
    body: 'We are selling the house and I want to remove my account, including all stored doorbell recordings. Is deleting the app enough, or is there a proper way to delete everything?',
  },
]
