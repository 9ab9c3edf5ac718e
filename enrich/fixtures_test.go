package enrich

const kremlinHeadline = "Russian President Vladimir Putin meets US Special Envoy Steve Witkoff"

const kremlinBody = `Moscow [Russia], April 25 (ANI): Russian President Vladimir Putin met with US Special Envoy Steve Witkoff at the Kremlin, the Ministry of Foreign Affairs (MFA) of Russia shared on Friday.

In a post on X by the MFA, it was noted that the members on the Russian side included Presidential Aide Yury Ushakov and Kirill Dmitriev, the CEO of the Russian Direct Investment Fund.

Citing a senior Kremlin aide, CNN reported that the meeting between the two discussed the possibility of resuming direct negotiations between Ukraine and Russia.

The meeting which took place at the Kremlin lasted three hours and was "constructive and very useful," Yury Ushakov, a key Putin aide who was at the talks, told reporters, as reported by CNN.

"This conversation allowed the US positions to be brought closer together, not only on Ukraine, but also on a number of other international issues," he said.

"In accordance with agreements between Putin and Trump, the process will move forward in an active manner," CNN quoted him.`
